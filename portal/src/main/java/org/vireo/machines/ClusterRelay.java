package org.vireo.machines;

import jakarta.annotation.PostConstruct;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.vireo.cluster.ClusterBus;

/**
 * Machine changes and new usage samples made on one portal node reach the open views (and console sessions) on
 * the others: each is sent on the cluster bus and published again as a local event there.
 */
@Component
class ClusterRelay {
    private static final int IDS_PER_MESSAGE = 150;
    /** Set while an event from another node is being re-published here, so it is not sent back. */
    private static final ThreadLocal<Boolean> RELAYING = ThreadLocal.withInitial(() -> false);

    private final ClusterBus bus;
    private final ApplicationEventPublisher events;

    ClusterRelay(ClusterBus bus, ApplicationEventPublisher events) {
        this.bus = bus;
        this.events = events;
    }

    @PostConstruct
    void subscribe() {
        bus.subscribe("machine", payload -> {
            var p = payload.split(",");
            republish(new MachineChanged(
                    UUID.fromString(p[0]),
                    p[1].isEmpty() ? null : UUID.fromString(p[1]),
                    MachineState.valueOf(p[2]),
                    Boolean.parseBoolean(p[3])));
        });
        bus.subscribe("usage", payload -> {
            var p = payload.split(";", 2);
            var ids = new HashSet<UUID>();
            for (String id : p[1].split(",")) {
                ids.add(UUID.fromString(id));
            }
            republish(new UsageSampled(Instant.parse(p[0]), ids));
        });
    }

    @EventListener
    void on(MachineChanged e) {
        if (!RELAYING.get()) {
            bus.send(
                    "machine",
                    e.machineId() + "," + (e.tenantId() == null ? "" : e.tenantId()) + "," + e.state() + ","
                            + e.deleted());
        }
    }

    @EventListener
    void on(UsageSampled e) {
        if (RELAYING.get()) {
            return;
        }
        List<UUID> ids = new ArrayList<>(e.machineIds());
        for (int i = 0; i < ids.size(); i += IDS_PER_MESSAGE) {
            var chunk = ids.subList(i, Math.min(ids.size(), i + IDS_PER_MESSAGE));
            bus.send(
                    "usage",
                    e.at() + ";"
                            + String.join(
                                    ",", chunk.stream().map(UUID::toString).toList()));
        }
    }

    static boolean relaying() {
        return RELAYING.get();
    }

    private void republish(Object event) {
        RELAYING.set(true);
        try {
            events.publishEvent(event);
        } finally {
            RELAYING.set(false);
        }
    }
}
