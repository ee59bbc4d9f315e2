/** Tenants' limits, and checking and reserving against them. */
@ApplicationModule(allowedDependencies = {"audit", "base", "security"})
package org.vireo.quotas;

import org.springframework.modulith.ApplicationModule;
