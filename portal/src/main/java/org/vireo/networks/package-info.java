/** Public address pools, addresses and their reverse DNS. */
@ApplicationModule(allowedDependencies = {"audit", "base", "hosts", "hypervisor", "quotas", "security"})
package org.vireo.networks;

import org.springframework.modulith.ApplicationModule;
