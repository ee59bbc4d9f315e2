package org.vireo.machines;

import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.base.NotFoundException;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.machines.internal.SnapshotRepository;
import org.vireo.quotas.Resources;
import org.vireo.quotas.Usage;
import org.vireo.quotas.UsageSource;
import org.vireo.security.CurrentUser;

/**
 * Reads of machines, scoped to the caller's tenant in the query itself (operators see all; another tenant's
 * machine is "not found"), and the tenants' usage that quotas count.
 */
@Component
class MachineQueries implements UsageSource {
    private final MachineRepository machines;
    private final SnapshotRepository snapshots;
    private final HostConnections hosts;
    private final HostFootprint footprint;

    MachineQueries(
            MachineRepository machines, SnapshotRepository snapshots, HostConnections hosts, HostFootprint footprint) {
        this.machines = machines;
        this.snapshots = snapshots;
        this.hosts = hosts;
        this.footprint = footprint;
    }

    @Transactional(readOnly = true)
    Page<Machine> list(Pageable page, MachineQuery query) {
        return machines.findAll(scope(query), page).map(MachineEntity::toMachine);
    }

    @Transactional(readOnly = true)
    long count(MachineQuery query) {
        return machines.count(scope(query));
    }

    private static Specification<MachineEntity> scope(MachineQuery q) {
        var caller = CurrentUser.require();
        return MachineRepository.matching(caller.isAdmin() ? q.tenantId() : caller.tenantId(), q.state(), q.name());
    }

    @Transactional(readOnly = true)
    List<Machine> paused() {
        return machines.findByState(MachineState.PAUSED).stream()
                .map(MachineEntity::toMachine)
                .toList();
    }

    @Transactional(readOnly = true)
    Map<MachineState, Resources> totalsByState() {
        var result = new EnumMap<MachineState, Resources>(MachineState.class);
        for (var row : machines.totalsByState()) {
            result.put(
                    row.getState(),
                    new Resources(row.getVcpus(), row.getMemoryMib(), row.getDiskGib(), row.getMachines()));
        }
        return result;
    }

    @Transactional(readOnly = true)
    Machine get(UUID id) {
        return scoped(id).toMachine();
    }

    @Transactional(readOnly = true)
    Path serialLog(UUID id) {
        var m = scoped(id);
        return footprint.serialLog(m.getDomainName(), hosts.isLocal(m.getHostId()));
    }

    private MachineEntity scoped(UUID id) {
        var caller = CurrentUser.require();
        var found = caller.isAdmin() ? machines.findById(id) : machines.findByIdAndTenantId(id, caller.tenantId());
        return found.orElseThrow(() -> new NotFoundException("machine"));
    }

    @Override
    @Transactional(readOnly = true)
    public Usage usage(UUID tenantId) {
        return usage(List.of(tenantId)).get(tenantId);
    }

    /** Machines being created count as reserved, all others as used; snapshots as used, with their size. */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Usage> usage(Collection<UUID> tenantIds) {
        var result = new HashMap<UUID, Usage>();
        if (tenantIds.isEmpty()) {
            return result;
        }
        for (var row : machines.usageByTenantAndState(tenantIds)) {
            var r = new Resources(row.getVcpus(), row.getMemoryMib(), row.getDiskGib(), row.getMachines());
            var add = row.getState() == MachineState.CREATING
                    ? new Usage(Resources.ZERO, r)
                    : new Usage(r, Resources.ZERO);
            result.merge(row.getTenantId(), add, Usage::plus);
        }
        for (var row : snapshots.usageByTenant(tenantIds)) {
            var r = new Resources(0, 0, row.getDiskGib(), 0, row.getSnapshots());
            result.merge(row.getTenantId(), new Usage(r, Resources.ZERO), Usage::plus);
        }
        tenantIds.forEach(id -> result.putIfAbsent(id, Usage.NONE));
        return result;
    }
}
