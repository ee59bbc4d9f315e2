package org.vireo.quotas;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.quotas.internal.TenantQuotaEntity;
import org.vireo.quotas.internal.TenantQuotaRepository;
import org.vireo.security.CurrentUser;

/**
 * Per-tenant limits on vCPUs, memory, disk, machines, snapshots, public addresses and backup storage. A create
 * checks and reserves in one transaction holding the tenant's quota row lock ({@link #checkAndLock}); usage is
 * derived from the machines, snapshots, addresses and backups themselves.
 */
@Service
@EnableConfigurationProperties(QuotaDefaults.class)
public class QuotaService {
    /** The share of a limit in use (percent) that its tenant's admins are told of. */
    public static final int NEARLY_USED = 90;

    private final TenantQuotaRepository quotas;
    /** Lazy: the usage sources themselves use this service. */
    private final ObjectProvider<UsageSource> usageSources;

    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Resources defaults;

    QuotaService(
            TenantQuotaRepository quotas,
            ObjectProvider<UsageSource> usageSources,
            AuditLog audit,
            QuotaDefaults defaults,
            ApplicationEventPublisher events) {
        this.quotas = quotas;
        this.events = events;
        this.usageSources = usageSources;
        this.audit = audit;
        this.defaults = new Resources(
                defaults.vcpus(),
                defaults.memoryMib(),
                defaults.diskGib(),
                defaults.machines(),
                defaults.snapshots(),
                defaults.ipv4(),
                defaults.backupGib());
    }

    /** The caller's own tenant's quota; operators may read any tenant's. Another tenant's is "not found". */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public QuotaView view(UUID tenantId) {
        var caller = CurrentUser.require();
        if (!caller.isAdmin() && !tenantId.equals(caller.tenantId())) {
            throw new NotFoundException("quota");
        }
        return build(tenantId);
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public QuotaView setLimits(
            UUID tenantId, Integer vcpus, Integer memoryMiB, Integer diskGiB, Integer machines, AuditSource source) {
        return setLimits(tenantId, vcpus, memoryMiB, diskGiB, machines, null, source);
    }

    /** As above, with the number of snapshots the tenant may keep (null keeps the current limit). */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public QuotaView setLimits(
            UUID tenantId,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Integer machines,
            Integer snapshots,
            AuditSource source) {
        return setLimits(tenantId, vcpus, memoryMiB, diskGiB, machines, snapshots, null, source);
    }

    /** As above, with the number of public IPv4 addresses it may hold (null keeps the current limit). */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public QuotaView setLimits(
            UUID tenantId,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Integer machines,
            Integer snapshots,
            Integer ipv4,
            AuditSource source) {
        return setLimits(tenantId, vcpus, memoryMiB, diskGiB, machines, snapshots, ipv4, null, source);
    }

    /**
     * As above, with the monthly traffic allowance in GiB (null keeps it, 0 makes it unlimited). A raised
     * allowance lifts a throttle at the next sampling round.
     */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public QuotaView setLimits(
            UUID tenantId,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Integer machines,
            Integer snapshots,
            Integer ipv4,
            Integer trafficGiB,
            AuditSource source) {
        return setLimits(tenantId, vcpus, memoryMiB, diskGiB, machines, snapshots, ipv4, trafficGiB, null, source);
    }

    /**
     * As above, with the GiB the tenant's backups may take in the backup targets (null keeps the current limit).
     * Backups count with what they actually store; the limit is checked when a backup begins.
     */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public QuotaView setLimits(
            UUID tenantId,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Integer machines,
            Integer snapshots,
            Integer ipv4,
            Integer trafficGiB,
            Integer backupGiB,
            AuditSource source) {
        Integer traffic = trafficGiB == null ? null : Validation.range("trafficGiB", trafficGiB, 0, 1_000_000_000);
        int v = Validation.range("vcpus", vcpus, 0, 100_000);
        int m = Validation.range("memoryMiB", memoryMiB, 0, 1_000_000_000);
        int d = Validation.range("diskGiB", diskGiB, 0, 100_000_000);
        int n = Validation.range("machines", machines, 0, 1_000_000);
        Integer s = snapshots == null ? null : Validation.range("snapshots", snapshots, 0, 1_000_000);
        Integer ip = ipv4 == null ? null : Validation.range("ipv4", ipv4, 0, 1_000_000);
        Integer b = backupGiB == null ? null : Validation.range("backupGiB", backupGiB, 0, 100_000_000);
        var q = quotas.lockByTenantId(tenantId).orElseThrow(() -> new NotFoundException("tenant"));
        var limits = new Resources(
                v,
                m,
                d,
                n,
                s == null ? q.limits().snapshots() : s,
                ip == null ? q.limits().ipv4() : ip,
                b == null ? q.limits().backupGiB() : b);
        q.set(limits);
        if (traffic != null) {
            q.setTrafficGiB(traffic == 0 ? null : traffic);
        }
        audit.record(
                CurrentUser.require().username(),
                tenantId,
                "quota.set",
                tenantId.toString(),
                AuditOutcome.SUCCESS,
                source,
                limits + (q.trafficGiB() == null ? ", traffic unlimited" : ", traffic " + q.trafficGiB() + " GiB"));
        events.publishEvent(new QuotaChanged(tenantId, limits, q.trafficGiB()));
        return build(tenantId);
    }

    /** Gives a new tenant the default limits. Called when the tenant is created, in its transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void initialize(UUID tenantId) {
        if (!quotas.existsById(tenantId)) {
            quotas.save(new TenantQuotaEntity(tenantId, defaults));
        }
    }

    /**
     * Locks the tenant's quota row for the caller's transaction and checks that {@code request} fits beside
     * {@code usage} (read after the lock). Throws {@link QuotaExceededException} naming the first limit exceeded.
     * Lowered limits below usage block only new requests.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void checkAndLock(UUID tenantId, Resources request, Supplier<Usage> usageAfterLock) {
        var q = quotas.lockByTenantId(tenantId).orElseThrow(() -> new NotFoundException("tenant"));
        var usage = usageAfterLock.get();
        var inUse = usage.used().plus(usage.reserved());
        var after = inUse.plus(request);
        var exceeded = after.firstExceeding(q.limits(), request);
        if (exceeded != null) {
            io.micrometer.core.instrument.Metrics.counter("vireo.quota.refusals", "resource", exceeded)
                    .increment();
            throw new QuotaExceededException(
                    exceeded, q.limits().get(exceeded), inUse.get(exceeded), request.get(exceeded));
        }
        String reaching = after.firstReaching(inUse, q.limits(), request, NEARLY_USED);
        if (reaching != null) {
            // told after the commit: a create that fails later gives its reservation back, and that is rare
            events.publishEvent(new QuotaNearlyUsed(
                    tenantId, reaching, after.get(reaching), q.limits().get(reaching)));
        }
    }

    /** A tenant's usage from every source (machines, snapshots, addresses, backups); for {@link #checkAndLock}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Usage usage(UUID tenantId) {
        return usageSources.orderedStream().map(s -> s.usage(tenantId)).reduce(Usage.NONE, Usage::plus);
    }

    /** Operators: the quotas of several tenants (a page of the tenants list) in a few queries. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public Map<UUID, QuotaView> views(Collection<UUID> tenantIds) {
        return build(tenantIds);
    }

    private QuotaView build(UUID tenantId) {
        return build(List.of(tenantId)).get(tenantId);
    }

    /** Limits and usage of the given tenants: one query for the limits, one per usage source. */
    private Map<UUID, QuotaView> build(Collection<UUID> tenantIds) {
        var limits = new HashMap<UUID, Resources>();
        var traffic = new HashMap<UUID, Integer>();
        quotas.findAllById(tenantIds).forEach(q -> {
            limits.put(q.tenantId(), q.limits());
            traffic.put(q.tenantId(), q.trafficGiB());
        });
        var usages = usageSources.orderedStream().map(s -> s.usage(tenantIds)).toList();
        var result = new LinkedHashMap<UUID, QuotaView>();
        for (UUID id : tenantIds) {
            var usage = usages.stream().map(u -> u.getOrDefault(id, Usage.NONE)).reduce(Usage.NONE, Usage::plus);
            result.put(
                    id,
                    new QuotaView(
                            id,
                            limits.getOrDefault(id, Resources.ZERO),
                            usage.used(),
                            usage.reserved(),
                            traffic.get(id)));
        }
        return result;
    }
}
