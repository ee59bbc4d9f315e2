/** Traffic per machine and month, from the interface counters machines' sampling reads. */
@ApplicationModule(allowedDependencies = {"base", "hosts", "machines", "security", "tenants"})
package org.vireo.traffic;

import org.springframework.modulith.ApplicationModule;
