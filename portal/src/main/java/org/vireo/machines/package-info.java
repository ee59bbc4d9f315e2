/** Tenants' machines: create within the quota, lifecycle, consoles, snapshots, networks, state sync. */
@ApplicationModule(
        allowedDependencies = {
            "audit",
            "base",
            "cluster",
            "hosts",
            "hypervisor",
            "networks",
            "quotas",
            "security",
            "templates",
            "tenants"
        })
package org.vireo.machines;

import org.springframework.modulith.ApplicationModule;
