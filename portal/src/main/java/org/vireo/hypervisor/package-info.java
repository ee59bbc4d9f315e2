/** The port to a host's hypervisor, by role, and its libvirt adapter. */
@ApplicationModule(allowedDependencies = {"base"})
package org.vireo.hypervisor;

import org.springframework.modulith.ApplicationModule;
