package org.vireo.machines.internal;

import jakarta.persistence.LockModeType;
import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.vireo.machines.MachineState;

public interface MachineRepository extends JpaRepository<MachineEntity, UUID>, JpaSpecificationExecutor<MachineEntity> {

    /** Machines of one tenant (or all: null), of one state (or any), whose name contains a text (or any). */
    static Specification<MachineEntity> matching(UUID tenantId, MachineState state, String nameContains) {
        return (root, query, cb) -> {
            var p = new ArrayList<Predicate>();
            if (tenantId != null) {
                p.add(cb.equal(root.get("tenantId"), tenantId));
            }
            if (state != null) {
                p.add(cb.equal(root.get("state"), state));
            }
            if (nameContains != null && !nameContains.isBlank()) {
                String escaped = nameContains
                        .strip()
                        .toLowerCase(Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_");
                p.add(cb.like(cb.lower(root.get("name")), "%" + escaped + "%", '\\'));
            }
            return cb.and(p.toArray(Predicate[]::new));
        };
    }

    Optional<MachineEntity> findByIdAndTenantId(UUID id, UUID tenantId);

    /** {@code SELECT ... FOR UPDATE} on one machine: state transitions of one machine are serialized. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from MachineEntity m where m.id = :id")
    Optional<MachineEntity> lockById(UUID id);

    Optional<MachineEntity> findByDomainName(String domainName);

    /** Locks the machine with this domain; its state is read with the lock (not from an earlier read). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from MachineEntity m where m.domainName = :domainName")
    Optional<MachineEntity> lockByDomainName(String domainName);

    Page<MachineEntity> findByTenantId(UUID tenantId, Pageable page);

    long countByTenantId(UUID tenantId);

    long countByTemplateId(UUID templateId);

    long countByIsoId(UUID isoId);

    long countByState(MachineState state);

    List<MachineEntity> findByState(MachineState state);

    List<MachineEntity> findByHostIdOrderByCreatedAtAsc(UUID hostId);

    boolean existsByTenantIdAndName(UUID tenantId, String name);

    boolean existsByMac(String mac);

    @Query("select m.privateIpv4 from MachineEntity m where m.tenantId = ?1 and m.privateIpv4 is not null")
    List<String> privateAddresses(UUID tenantId);

    List<MachineEntity> findByStateAndShutdownDeadlineBefore(MachineState state, Instant deadline);

    /** Per host (null: the portal's own): its machines and what they have. */
    @Query("select m.hostId as hostId, count(m) as machines, coalesce(sum(m.vcpus), 0) as vcpus, "
            + "coalesce(sum(m.memoryMib), 0) as memoryMib, coalesce(sum(m.diskGib), 0) as diskGib "
            + "from MachineEntity m group by m.hostId")
    List<MachineTotals> totalsByHost();

    /** Per host: the number of the tenant's machines there. */
    @Query("select m.hostId as hostId, count(m) as machines from MachineEntity m where m.tenantId = :tenantId "
            + "group by m.hostId")
    List<MachineTotals> countByHostForTenant(UUID tenantId);

    /** Per state over all tenants: its machines and what they have. */
    @Query("select m.state as state, count(m) as machines, coalesce(sum(m.vcpus), 0) as vcpus, "
            + "coalesce(sum(m.memoryMib), 0) as memoryMib, coalesce(sum(m.diskGib), 0) as diskGib "
            + "from MachineEntity m group by m.state")
    List<MachineTotals> totalsByState();

    /** Per tenant and state: its machines and what they have. */
    @Query("select m.tenantId as tenantId, m.state as state, count(m) as machines, coalesce(sum(m.vcpus), 0) as vcpus, "
            + "coalesce(sum(m.memoryMib), 0) as memoryMib, coalesce(sum(m.diskGib), 0) as diskGib "
            + "from MachineEntity m where m.tenantId in :tenantIds group by m.tenantId, m.state")
    List<MachineTotals> usageByTenantAndState(Collection<UUID> tenantIds);
}
