package org.vireo.machines.internal;

import java.util.UUID;
import org.vireo.machines.MachineState;

/** What a group of machines has (a row of a grouped query; the group's keys are null where not grouped by). */
public interface MachineTotals {
    UUID getTenantId();

    UUID getHostId();

    MachineState getState();

    int getMachines();

    int getVcpus();

    int getMemoryMib();

    int getDiskGib();
}
