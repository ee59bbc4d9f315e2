/** Tenants, their users and the audit log as operators and tenant admins read it. */
@ApplicationModule(allowedDependencies = {"audit", "base", "quotas", "security"})
package org.vireo.tenants;

import org.springframework.modulith.ApplicationModule;
