package org.vireo.machines;

import java.util.UUID;

/** Published after a machine's state (or existence) changed and the change is committed. */
public record MachineChanged(UUID machineId, UUID tenantId, MachineState state, boolean deleted) {
    /**
     * Whether the event being handled on this thread came from another portal node (re-published here for the open
     * views): listeners that act once per change (webhooks) skip those, the node that made the change acts.
     */
    public static boolean relayed() {
        return ClusterRelay.relaying();
    }
}
