package org.vireo.hosts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A host's drain: how many of its machines there were when it began, how many moved, which stay and why.
 * {@code reason}: {@code no-room} (no host fits it), {@code cannot-move} (snapshots, public addresses, an ISO,
 * rescue, the portal's own host), {@code refused} (busy, or its state allows no move) or {@code move-failed};
 * {@code detail} is for operators (which hosts were out and why, the refusal's key, the hypervisor's words).
 */
public record DrainStatus(
        State state, int total, int moved, int moving, List<Stuck> stuck, Instant startedAt, Instant endedAt) {
    public enum State {
        RUNNING,
        DONE,
        STOPPED
    }

    public record Stuck(UUID machineId, String machine, String reason, String detail) {}

    public DrainStatus {
        stuck = List.copyOf(stuck);
    }

    public boolean running() {
        return state == State.RUNNING;
    }

    /** Machines not moved yet and not given up on. */
    public int remaining() {
        return total - moved - stuck.size();
    }
}
