package org.vireo.hosts;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Which machines this installation has (the machines module answers): a host's libvirt may also run another
 * portal's domains (a second installation, a test), which the hosts' figures leave out.
 */
public interface HostMachines {
    /** Of these machine ids (from domains' metadata), the ones that are this installation's machines. */
    Set<UUID> ours(Collection<UUID> machineIds);
}
