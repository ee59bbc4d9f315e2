package org.vireo.machines.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.vireo.machines.Backup;

public interface BackupRepository extends JpaRepository<BackupEntity, UUID> {

    /** Oldest first, hidden ones included. */
    List<BackupEntity> findByMachineIdOrderByCreatedAtAscIdAsc(UUID machineId);

    List<BackupEntity> findByState(Backup.State state);

    boolean existsByBaseId(UUID baseId);

    /** Per machine: when its newest complete backup was taken. */
    @Query("select b.machineId as machineId, max(b.createdAt) as newest from BackupEntity b"
            + " where b.state = org.vireo.machines.Backup.State.DONE and b.hidden = false group by b.machineId")
    List<Newest> newestDoneByMachine();

    interface Newest {
        UUID getMachineId();

        Instant getNewest();
    }

    /** A schedule's backups, newest first. */
    List<BackupEntity> findByScheduleIdAndStateAndHiddenFalseOrderByCreatedAtDescIdDesc(
            UUID scheduleId, Backup.State state);

    /** Per tenant and state: the number of its backups and the bytes they store (hidden ones included). */
    @Query("select b.tenantId as tenantId, b.state as state, count(b) as backups, "
            + "coalesce(sum(b.storedBytes), 0) as storedBytes "
            + "from BackupEntity b where b.tenantId in :tenantIds group by b.tenantId, b.state")
    List<BackupTotals> usageByTenant(Collection<UUID> tenantIds);
}
