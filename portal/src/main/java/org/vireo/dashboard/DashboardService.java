package org.vireo.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditLog;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.PoolInfo;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineQuery;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.machines.UsageHistory;
import org.vireo.machines.UsageSample;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.QuotaView;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;
import org.vireo.security.Role;
import org.vireo.tenants.Tenant;
import org.vireo.tenants.TenantService;

/** What the start page shows: the host and all tenants for operators, the own tenant for tenant users. */
@Service
public class DashboardService {
    static final int RECENT_EVENTS = 10;
    static final int OVERVIEW_MACHINES = 12;

    private final HostConnections hosts;
    private final MachineService machines;
    private final UsageHistory usage;
    private final QuotaService quotas;
    private final TenantService tenants;
    private final AuditLog audit;

    DashboardService(
            HostConnections hosts,
            MachineService machines,
            UsageHistory usage,
            QuotaService quotas,
            TenantService tenants,
            AuditLog audit) {
        this.hosts = hosts;
        this.machines = machines;
        this.usage = usage;
        this.quotas = quotas;
        this.tenants = tenants;
        this.audit = audit;
    }

    /**
     * The host's capacity against what the machines were given. Overcommit = allocated / physical: vCPUs per host
     * CPU, memory per host memory, disk (machines' and snapshots' sizes) per pool capacity.
     */
    public record Capacity(HostInfo host, PoolInfo pool, Resources allocated, Resources running) {
        public double cpuOvercommit() {
            return ratio(allocated.vcpus(), host.cpus());
        }

        public double memoryOvercommit() {
            return ratio(allocated.memoryMiB(), host.memoryMiB());
        }

        public double diskOvercommit() {
            return ratio((double) allocated.diskGiB() * (1L << 30), pool.capacityBytes());
        }

        private static double ratio(double a, double b) {
            return b <= 0 ? 0 : a / b;
        }
    }

    public record TenantOverQuota(Tenant tenant, QuotaView quota, List<String> exceeded) {}

    /** {@code capacity} is null while the hypervisor cannot be reached ({@code hostError} says why). */
    /** {@code paused}: machines the hypervisor stopped on a disk error (full or failing storage), flagged. */
    public record AdminOverview(
            Capacity capacity,
            String hostError,
            Map<MachineState, Resources> machinesByState,
            List<TenantOverQuota> overQuota,
            List<AuditEntry> recent,
            List<PausedMachine> paused) {}

    public record PausedMachine(String machine, String tenant) {}

    public record TenantOverview(
            List<Machine> machines,
            long machineCount,
            QuotaView quota,
            List<AuditEntry> recent,
            Map<UUID, List<UsageSample>> usage) {}

    @PreAuthorize("hasRole('ADMIN')")
    public AdminOverview admin() {
        var byState = machines.totalsByState();
        var allocated = byState.values().stream().reduce(Resources.ZERO, Resources::plus);
        var running = byState.getOrDefault(MachineState.RUNNING, Resources.ZERO);
        var all = tenants.list();
        var views = quotas.views(all.stream().map(Tenant::id).toList());
        // snapshots take disk too
        int snapshotDisk =
                views.values().stream().mapToInt(v -> v.used().diskGiB()).sum() - allocated.diskGiB();
        var withSnapshots = allocated.plus(new Resources(0, 0, Math.max(0, snapshotDisk), 0));
        Capacity capacity = null;
        String hostError = null;
        try {
            var own = hosts.local(); // the portal's own host
            capacity = new Capacity(own.hostInfo(), own.poolInfo(), withSnapshots, running);
        } catch (HypervisorException e) {
            hostError = e.getMessage();
        }
        var over = new ArrayList<TenantOverQuota>();
        for (var t : all) {
            var q = views.get(t.id());
            if (q == null) {
                continue;
            }
            var inUse = q.used().plus(q.reserved());
            var exceeded = List.of("machines", "vcpus", "memoryMiB", "diskGiB", "snapshots", "backupGiB").stream()
                    .filter(r -> inUse.get(r) > q.limits().get(r))
                    .toList();
            if (!exceeded.isEmpty()) {
                over.add(new TenantOverQuota(t, q, exceeded));
            }
        }
        var tenantNames = all.stream().collect(Collectors.toMap(Tenant::id, Tenant::name));
        var paused = machines.paused().stream()
                .map(m -> new PausedMachine(m.name(), tenantNames.getOrDefault(m.tenantId(), "?")))
                .toList();
        return new AdminOverview(capacity, hostError, byState, over, audit.recent(null, RECENT_EVENTS), paused);
    }

    /**
     * The caller's tenant: its first machines (with their CPU over the last hour), quota and recent events
     * (tenant admins see all of the tenant's, members those about machines).
     */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public TenantOverview tenant() {
        var caller = CurrentUser.require();
        var page = machines.list(PageRequest.of(0, OVERVIEW_MACHINES, Sort.by("name")), MachineQuery.ALL);
        var list = page.getContent();
        var history = usage.history(list.stream().map(Machine::id).toList(), UsageHistory.Window.HOUR);
        List<AuditEntry> recent = audit.recent(caller.tenantId(), 100).stream()
                .filter(e -> caller.role() == Role.TENANT_ADMIN || e.action().startsWith("machine."))
                .filter(e -> !e.action().equals("machine.place"))
                .limit(RECENT_EVENTS)
                .toList();
        return new TenantOverview(list, page.getTotalElements(), quotas.view(caller.tenantId()), recent, history);
    }
}
