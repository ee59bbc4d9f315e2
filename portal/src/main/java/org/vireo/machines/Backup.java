package org.vireo.machines;

import java.time.Instant;
import java.util.UUID;
import org.vireo.hypervisor.DiskBackups;

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
        Failure failure,
        boolean whole,
        UUID baseId,
        boolean live,
        boolean frozen,
        long storedBytes,
        String createdBy,
        UUID scheduleId,
        Instant createdAt,
        Instant finishedAt) {

    /** Why a {@code FAILED} backup failed (null otherwise), as a tenant may be told. */
    public enum Failure {
        /** The host's backup storage had no room left; earlier backups are intact. */
        TARGET_FULL,
        /** Anything else (the operator's log and audit say what). */
        ERROR;

        /** From the error a failed backup recorded: ENOSPC, wherever in the stack it was raised, is a full target. */
        public static Failure of(String error) {
            return error != null && error.contains(DiskBackups.NO_SPACE) ? TARGET_FULL : ERROR;
        }
    }

    public enum State {
        /** Being written. */
        RUNNING,
        /** Complete: restorable. */
        DONE,
        /** Cut off or refused: nothing of it is kept. */
        FAILED
    }
}
