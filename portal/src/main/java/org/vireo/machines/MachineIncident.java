package org.vireo.machines;

import java.util.UUID;

/** Something happened to a machine that its tenant did not ask for; its users may be told by mail. */
public record MachineIncident(UUID machineId, UUID tenantId, String machineName, Kind kind) {
    public enum Kind {
        /** The guest crashed (the machine is in ERROR). */
        CRASHED,
        /** It did not shut down by its deadline and was powered off. */
        POWERED_OFF
    }
}
