package org.vireo.machines;

import java.util.UUID;

/** Published after a machine's state (or existence) changed and the change is committed. */
public record MachineChanged(UUID machineId, UUID tenantId, MachineState state, boolean deleted) {}
