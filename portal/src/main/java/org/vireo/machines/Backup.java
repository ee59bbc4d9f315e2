package org.vireo.machines;

import java.time.Instant;
import java.util.UUID;

/**
 * A backup of a machine's disk: {@code whole}, or incremental over {@code baseId} (then it holds what changed since
 * that one); taken {@code live} (the machine ran) and with the guest's file systems {@code frozen} by its agent or
 * not; {@code storedBytes} is what it takes in the backup target; {@code scheduleId}: the schedule that took it
 * (null: by hand).
 */
public record Backup(
        UUID id,
        UUID machineId,
        State state,
        boolean whole,
        UUID baseId,
        boolean live,
        boolean frozen,
        long storedBytes,
        String createdBy,
        UUID scheduleId,
        Instant createdAt,
        Instant finishedAt) {

    public enum State {
        /** Being written. */
        RUNNING,
        /** Complete: restorable. */
        DONE,
        /** Cut off or refused: nothing of it is kept. */
        FAILED
    }
}
