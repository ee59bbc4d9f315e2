/** The hosts machines run on (the portal's own one included): registration, health, connections. */
@ApplicationModule(allowedDependencies = {"audit", "base", "hypervisor", "security"})
package org.vireo.hosts;

import org.springframework.modulith.ApplicationModule;
