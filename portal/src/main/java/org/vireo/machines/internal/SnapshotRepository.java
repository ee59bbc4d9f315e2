package org.vireo.machines.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface SnapshotRepository extends JpaRepository<SnapshotEntity, UUID> {

    /** Oldest first: the order of their volumes in the machine's disk chain. */
    List<SnapshotEntity> findByMachineIdOrderByCreatedAtAscIdAsc(UUID machineId);

    boolean existsByMachineIdAndName(UUID machineId, String name);

    /** Per tenant: the number of its snapshots and their disk GiB. */
    @Query("select s.tenantId as tenantId, count(s) as snapshots, coalesce(sum(s.diskGib), 0) as diskGib "
            + "from SnapshotEntity s where s.tenantId in :tenantIds group by s.tenantId")
    List<SnapshotTotals> usageByTenant(Collection<UUID> tenantIds);
}
