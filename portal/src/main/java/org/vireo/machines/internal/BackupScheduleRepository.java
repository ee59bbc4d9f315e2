package org.vireo.machines.internal;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface BackupScheduleRepository extends JpaRepository<BackupScheduleEntity, UUID> {

    List<BackupScheduleEntity> findByMachineIdOrderByCreatedAtAscIdAsc(UUID machineId);

    long countByMachineId(UUID machineId);

    /** The ids of schedules due at {@code now}, oldest due first. */
    @Query("select s.id from BackupScheduleEntity s where s.nextRunAt <= :now order by s.nextRunAt")
    List<UUID> due(Instant now);

    /** The schedule, locked for the caller's transaction (one node starts a due run). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from BackupScheduleEntity s where s.id = :id")
    Optional<BackupScheduleEntity> lockById(UUID id);
}
