package org.vireo.machines;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.vireo.hosts.Host;
import org.vireo.machines.internal.MachineRepository;

/**
 * What a failed move made on its target (the incoming domain, the volumes, the machine's network entry) goes again.
 * A target that does not answer (its libvirtd restarting) is tried again every {@link #RETRY_SECONDS} s for ten
 * minutes; this process remembers that, a restart does not.
 */
@Component
class MoveLeftovers implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(MoveLeftovers.class);
    static final long RETRY_SECONDS = 5;
    private static final int TRIES = 120;
    private final HostFootprint footprint;
    private final MachineRepository machines;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "vireo-move-leftovers");
        t.setDaemon(true);
        return t;
    });

    MoveLeftovers(HostFootprint footprint, MachineRepository machines) {
        this.footprint = footprint;
        this.machines = machines;
    }

    /** Removes what the move of {@code m} left on {@code target}, now or (when it does not answer) later. */
    void remove(Machine m, Host target) {
        if (!removedNow(m, target)) {
            retry(m, target, 1);
        }
    }

    private void retry(Machine m, Host target, int attempt) {
        if (attempt > TRIES) {
            log.error(
                    "what the failed move of {} left on {} is still there; remove vireo volumes {}.* by hand",
                    m.domainName(),
                    target.name(),
                    m.domainName());
            return;
        }
        retries.schedule(
                () -> {
                    if (!removedNow(m, target)) {
                        retry(m, target, attempt + 1);
                    }
                },
                RETRY_SECONDS,
                TimeUnit.SECONDS);
    }

    private boolean removedNow(Machine m, Host target) {
        var row = machines.findById(m.id());
        if (row.isPresent() && target.id().equals(row.get().getHostId())) {
            return true; // it has moved there since: what is there is its own now
        }
        try {
            // an incoming copy the source never handed over, the precreated volumes, the reservation
            return footprint.remove(target.id(), m.domainName());
        } catch (RuntimeException e) {
            log.warn("clean-up of {} on {} after a failed move: {}", m.domainName(), target.name(), e.getMessage());
            return false;
        }
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
