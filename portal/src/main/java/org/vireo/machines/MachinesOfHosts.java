package org.vireo.machines;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.vireo.hosts.HostMachines;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;

/** Machines as the hosts module sees them: which domains on a host are this installation's. */
@Component
class MachinesOfHosts implements HostMachines {
    private final MachineRepository machines;

    MachinesOfHosts(MachineRepository machines) {
        this.machines = machines;
    }

    @Override
    public Set<UUID> ours(Collection<UUID> machineIds) {
        return machines.findAllById(machineIds).stream()
                .map(MachineEntity::getId)
                .collect(Collectors.toSet());
    }
}
