package org.vireo.traffic;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.machines.InterfaceCountersRead;
import org.vireo.traffic.internal.TrafficStore;

/**
 * Books each sampling round's interface counters: what is new since the last reading of each interface goes to
 * its machine's row of the day (UTC), and the reading is kept as the next one's base, in one transaction. A portal
 * restart or another node taking over goes on from the kept readings. The tenants' allowances are reviewed in the
 * same transaction; their public interfaces are limited or freed after it.
 */
@Component
class TrafficRecorder {
    private static final Logger log = LoggerFactory.getLogger(TrafficRecorder.class);
    private final TrafficStore store;
    private final TrafficAllowances allowances;
    private final TrafficThrottles throttles;
    private final TransactionTemplate tx;

    TrafficRecorder(
            TrafficStore store,
            TrafficAllowances allowances,
            TrafficThrottles throttles,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.allowances = allowances;
        this.throttles = throttles;
        this.tx = new TransactionTemplate(transactions);
    }

    @EventListener
    void on(InterfaceCountersRead round) {
        try {
            var throttled = tx.execute(s -> book(round));
            throttles.enforce(round.readings(), throttled); // libvirt calls, after the commit
        } catch (RuntimeException e) {
            // the next round books what this one did not: its readings were not kept either
            log.warn("traffic of this round not booked: {}", e.toString());
        }
    }

    /** Books the round and reviews its tenants' allowances; returns the tenants to throttle. */
    private Set<UUID> book(InterfaceCountersRead round) {
        var last = store.counters(round.readings().stream()
                .map(InterfaceCountersRead.Reading::machineId)
                .distinct()
                .toList());
        LocalDate day = LocalDate.ofInstant(round.at(), ZoneOffset.UTC);
        for (var r : round.readings()) {
            var kept = last.get(TrafficStore.key(r.machineId(), r.mac()));
            var delta = TrafficLedger.delta(
                    kept == null ? null : new TrafficLedger.Last(kept.run(), kept.cpuNanos(), kept.rx(), kept.tx()),
                    r.run(),
                    r.cpuTimeNanos(),
                    r.rxBytes(),
                    r.txBytes());
            if (delta.total() > 0) {
                store.add(new TrafficStore.Day(
                        r.machineId(),
                        r.hostId(),
                        r.tenantId(),
                        day,
                        r.privateNetwork() ? TrafficKind.PRIVATE.key() : TrafficKind.PUBLIC.key(),
                        delta.rx(),
                        delta.tx()));
            }
            store.saveCounter(
                    new TrafficStore.Counter(
                            r.machineId(), r.mac(), r.run(), r.cpuTimeNanos(), r.rxBytes(), r.txBytes()),
                    round.at());
        }
        return allowances.review(
                round.readings().stream()
                        .map(InterfaceCountersRead.Reading::tenantId)
                        .distinct()
                        .toList(),
                YearMonth.from(day));
    }
}
