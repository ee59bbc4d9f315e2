package org.vireo.traffic;

import java.time.YearMonth;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.quotas.QuotaService;
import org.vireo.security.SystemActor;
import org.vireo.traffic.internal.AllowanceStates;
import org.vireo.traffic.internal.TrafficStore;

/**
 * Holds tenants to their monthly traffic allowance ({@code trafficGiB} in the quota; public traffic, both
 * directions): reaching 80 % and 100 % is audited once per month (tenants see it in their audit log, and their
 * dashboard shows how much is used); over 100 % the tenant's public interfaces are limited until the month ends or
 * the allowance is raised ({@link TrafficThrottles}). Reviewed after every sampling round for the tenants in it.
 */
@Component
class TrafficAllowances {
    static final long GIB = 1L << 30;
    private static final Logger log = LoggerFactory.getLogger(TrafficAllowances.class);
    private final TrafficStore store;
    private final AllowanceStates states;
    private final QuotaService quotas;
    private final AuditLog audit;
    private final TrafficSettings settings;
    private final ApplicationEventPublisher events;

    TrafficAllowances(
            TrafficStore store,
            AllowanceStates states,
            QuotaService quotas,
            AuditLog audit,
            TrafficSettings settings,
            ApplicationEventPublisher events) {
        this.settings = settings;
        this.events = events;
        this.store = store;
        this.states = states;
        this.quotas = quotas;
        this.audit = audit;
    }

    /** 100 when {@code used} bytes reached the allowance, 80 at 80 %, else 0; 0 without an allowance. */
    static int level(long used, Integer allowanceGiB) {
        if (allowanceGiB == null) {
            return 0;
        }
        long allowance = allowanceGiB * GIB;
        return used >= allowance ? 100 : used * 10 >= allowance * 8 ? 80 : 0;
    }

    /** Public bytes (both directions) of the tenant in the month. */
    long used(UUID tenantId, YearMonth month) {
        return store.sum(
                tenantId,
                TrafficKind.PUBLIC.key(),
                month.atDay(1),
                month.plusMonths(1).atDay(1));
    }

    /**
     * Reviews these tenants' month (after a sampling round booked their traffic), and every tenant throttled now;
     * returns the tenants to throttle in {@code month}. A throttle of an earlier month ends.
     */
    Set<UUID> review(Collection<UUID> tenantIds, YearMonth month) {
        var tenants = new LinkedHashSet<>(tenantIds);
        for (var s : states.throttled()) {
            if (s.month().equals(month)) {
                tenants.add(s.tenantId());
            } else {
                states.save(new AllowanceStates.State(s.tenantId(), s.month(), s.level(), false));
                record(s.tenantId(), "traffic.unthrottle", s.month(), "a new month began");
            }
        }
        var throttled = new HashSet<UUID>();
        if (tenants.isEmpty()) {
            return throttled;
        }
        var views = SystemActor.call(() -> quotas.views(tenants));
        for (UUID tenant : tenants) {
            var view = views.get(tenant);
            if (view == null) {
                continue; // deleted meanwhile
            }
            Integer allowance = view.trafficGiB();
            int level = level(used(tenant, month), allowance);
            boolean over = level >= 100;
            if (over) {
                throttled.add(tenant);
            }
            var before = states.get(tenant, month).orElse(new AllowanceStates.State(tenant, month, 0, false));
            if (level == before.level() && over == before.throttled()) {
                continue;
            }
            // a raised allowance lowers the level: reaching the new 80 % is told again
            states.save(new AllowanceStates.State(tenant, month, level, over));
            if (level > before.level()) {
                record(
                        tenant,
                        "traffic.allowance",
                        month,
                        level + " % of the monthly allowance (" + allowance + " GiB) reached");
                if (over) {
                    events.publishEvent(new TrafficAllowanceReached(tenant, month, allowance, settings.throttleMbit()));
                }
            }
            if (over != before.throttled()) {
                record(
                        tenant,
                        over ? "traffic.throttle" : "traffic.unthrottle",
                        month,
                        over
                                ? "public traffic limited to " + settings.throttleMbit()
                                        + " Mbit/s until the month ends"
                                : "the allowance was raised");
            }
        }
        return throttled;
    }

    private void record(UUID tenant, String action, YearMonth month, String detail) {
        log.info("tenant {}: {} ({}, {})", tenant, action, month, detail);
        audit.record("system", tenant, action, month.toString(), AuditOutcome.SUCCESS, AuditSource.SYSTEM, detail);
    }
}
