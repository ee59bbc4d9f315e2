package org.vireo.machines;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutorService;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.NotFoundException;
import org.vireo.base.UnavailableException;
import org.vireo.hosts.DrainStatus;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostDrains;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;

/**
 * Drains a host in maintenance: each of its machines moves (live or cold, see {@link MachineMigrations}) to the
 * host placement picks among those that can take moved machines, {@code VIREO_DRAIN_PARALLEL} at a time. What the
 * moves under way will add to a target counts before the next choice. A machine that cannot move, or fits nowhere,
 * stays, with the reason in the drain's state. The state is this portal process's (a restart forgets it; the
 * machines' rows say where each one is).
 */
@Component
@EnableConfigurationProperties(DrainSettings.class)
class HostDrain implements HostDrains, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(HostDrain.class);
    private final MachineRepository machines;
    private final MachineMigrations migrations;
    private final Placement placement;
    private final AuditLog audit;
    private final int parallel;
    private final Map<UUID, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService coordinators =
            new DelegatingSecurityContextExecutorService(Executors.newCachedThreadPool(r -> {
                var t = new Thread(r, "vireo-drain");
                t.setDaemon(true);
                return t;
            }));

    HostDrain(
            MachineRepository machines,
            MachineMigrations migrations,
            Placement placement,
            AuditLog audit,
            DrainSettings settings) {
        this.machines = machines;
        this.migrations = migrations;
        this.placement = placement;
        this.audit = audit;
        this.parallel = settings.parallel();
    }

    @Override
    @PreAuthorize("hasRole('ADMIN')")
    public void start(Host host, AuditSource source) {
        String caller = CurrentUser.require().username();
        var started = new Run[1];
        runs.compute(host.id(), (id, run) -> {
            if (run != null && run.endedAt == null) {
                return run;
            }
            started[0] = new Run(host, caller, source);
            return started[0];
        });
        if (started[0] != null) {
            coordinators.execute(started[0]);
        }
    }

    @Override
    @PreAuthorize("hasRole('ADMIN')")
    public void stop(UUID hostId) {
        var run = runs.get(hostId);
        if (run != null) {
            run.stopped = true;
        }
    }

    @Override
    public Optional<DrainStatus> status(UUID hostId) {
        return Optional.ofNullable(runs.get(hostId)).map(Run::status);
    }

    private final class Run implements Runnable {
        private final Host host;
        private final String caller;
        private final AuditSource source;
        private final Instant startedAt = Instant.now();
        private final AtomicInteger moved = new AtomicInteger();
        private final AtomicInteger moving = new AtomicInteger();
        private final List<DrainStatus.Stuck> stuck = Collections.synchronizedList(new ArrayList<>());
        private final Semaphore permits = new Semaphore(parallel);
        /** The moves under way: machine to its target. */
        private final Map<UUID, UUID> underWay = new ConcurrentHashMap<>();

        private volatile int total;
        private volatile boolean stopped;
        private volatile Instant endedAt;

        Run(Host host, String caller, AuditSource source) {
            this.host = host;
            this.caller = caller;
            this.source = source;
        }

        DrainStatus status() {
            var state = endedAt == null
                    ? DrainStatus.State.RUNNING
                    : stopped ? DrainStatus.State.STOPPED : DrainStatus.State.DONE;
            synchronized (stuck) {
                return new DrainStatus(state, total, moved.get(), moving.get(), stuck, startedAt, endedAt);
            }
        }

        @Override
        public void run() {
            try {
                var onHost = machines.findByHostIdOrderByCreatedAtAsc(host.id()).stream()
                        .map(MachineEntity::toMachine)
                        .filter(m -> m.state() != MachineState.DELETING)
                        .toList();
                total = onHost.size();
                for (var m : onHost) {
                    permits.acquire();
                    if (stopped || !moveOne(m)) {
                        permits.release();
                    }
                    if (stopped) {
                        break;
                    }
                }
                permits.acquire(parallel); // the moves under way end
                permits.release(parallel);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            } catch (RuntimeException e) {
                log.warn("drain of {} stopped: {}", host.name(), e.toString());
                stopped = true;
            } finally {
                endedAt = Instant.now();
                var s = status();
                audit.record(
                        caller,
                        null,
                        "host.drain",
                        host.name(),
                        s.stuck().isEmpty() && !stopped ? AuditOutcome.SUCCESS : AuditOutcome.FAILED,
                        source,
                        "moved " + s.moved() + " of " + s.total() + (stopped ? ", stopped" : "")
                                + (s.stuck().isEmpty()
                                        ? ""
                                        : ", staying: "
                                                + String.join(
                                                        ", ",
                                                        s.stuck().stream()
                                                                .map(x -> x.machine() + " (" + x.detail() + ")")
                                                                .toList())));
            }
        }

        /** Starts moving {@code m} (true) or records why it stays (false). */
        private boolean moveOne(Machine m) {
            String problem = migrations.problem(m);
            if (problem != null) {
                stuck(m, "cannot-move", problem);
                return false;
            }
            Placement.Choice choice;
            try {
                choice = placement.chooseTarget(m, pending(), migrations::unfit);
            } catch (Placement.NoRoomException e) {
                stuck(m, "no-room", e.explanation);
                return false;
            } catch (Placement.NoHostAvailableException e) {
                stuck(m, "no-room", e.explanation);
                return false;
            }
            underWay.put(m.id(), choice.hostId());
            moving.incrementAndGet();
            try {
                migrations.migrate(m.id(), choice.hostId(), source, failure -> {
                    underWay.remove(m.id());
                    moving.decrementAndGet();
                    if (failure == null) {
                        moved.incrementAndGet();
                    } else {
                        stuck(m, "move-failed", operatorDetail(failure));
                    }
                    permits.release();
                });
                return true;
            } catch (RuntimeException e) {
                underWay.remove(m.id());
                moving.decrementAndGet();
                if (e instanceof NotFoundException) {
                    total--; // deleted meanwhile
                } else if (e instanceof ConflictException c) {
                    stuck(m, "refused", c.messageKey());
                } else if (e instanceof UnavailableException u) {
                    stuck(m, "refused", u.messageKey());
                } else {
                    stuck(m, "move-failed", operatorDetail(e));
                }
                return false;
            }
        }

        /** What the moves under way add to their targets, until their rows are there (then they count as placed). */
        private Map<UUID, Resources> pending() {
            var added = new HashMap<UUID, Resources>();
            for (var row : machines.findAllById(underWay.keySet())) {
                var m = row.toMachine();
                UUID target = underWay.get(m.id());
                if (target != null && !target.equals(m.hostId())) {
                    added.merge(target, new Resources(m.vcpus(), m.memoryMiB(), m.diskGiB(), 1), Resources::plus);
                }
            }
            return added;
        }

        private void stuck(Machine m, String reason, String detail) {
            stuck.add(new DrainStatus.Stuck(m.id(), m.name(), reason, detail));
        }
    }

    private static String operatorDetail(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Override
    public void destroy() {
        runs.values().forEach(r -> r.stopped = true);
        coordinators.shutdownNow();
    }
}
