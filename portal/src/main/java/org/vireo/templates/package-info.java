/** Templates and ISOs: registration, imports, uploads. */
@ApplicationModule(allowedDependencies = {"audit", "base", "security", "tenants"})
package org.vireo.templates;

import org.springframework.modulith.ApplicationModule;
