/** Traffic per machine and month, from the interface counters machines' sampling reads; allowances. */
@ApplicationModule(
        allowedDependencies = {"audit", "base", "hosts", "hypervisor", "machines", "quotas", "security", "tenants"})
package org.vireo.traffic;

import org.springframework.modulith.ApplicationModule;
