package org.vireo.machines;

import java.util.UUID;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Hypervisor;

/**
 * Starts a machine's domain on its host, after making sure of what its interfaces need there: the tenant's network
 * as the host's mode says (made again when missing) and the machine's DHCP reservation; a machine made before
 * private addresses gets its address here. Every start goes through this.
 */
@Component
class MachineBoots {
    private final PrivateNics nics;

    MachineBoots(PrivateNics nics) {
        this.nics = nics;
    }

    void boot(Hypervisor hypervisor, UUID id, String domain) {
        nics.prepareStart(hypervisor, id);
        hypervisor.start(domain);
    }
}
