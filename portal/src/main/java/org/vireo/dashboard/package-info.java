/** The start page: a tenant's machines and quota, the operators' overview. */
@ApplicationModule(
        allowedDependencies = {
            "audit",
            "base",
            "hosts",
            "hypervisor",
            "machines",
            "quotas",
            "security",
            "tenants",
            "traffic"
        })
package org.vireo.dashboard;

import org.springframework.modulith.ApplicationModule;
