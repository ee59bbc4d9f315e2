package org.vireo.machines;

import jakarta.annotation.PostConstruct;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.cluster.LeadershipGained;
import org.vireo.cluster.NodeLease;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainLifecycleEvent;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.DomainSummary;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.HypervisorListener;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.security.SystemActor;

/**
 * Keeps machine states true to the hypervisor: applies pushed lifecycle events, reconciles the database with
 * libvirt on start-up, after every reconnect and periodically (and logs what it fixed); operations whose node died
 * are taken over ({@link InterruptedOperations}). Runs as the system; it is not reachable by users.
 */
@Component
class MachineStateSync implements HypervisorListener {
    private static final Logger log = LoggerFactory.getLogger(MachineStateSync.class);
    private final MachineRepository machines;
    private final MachineTransitions transitions;
    private final InterruptedOperations interrupted;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final NodeLease lease;
    private final HostConnections hosts;
    private final Duration staleCreate;
    private final TenantNetworks networks;
    private final MachineOperations operations;
    private final AtomicBoolean ready = new AtomicBoolean();
    /** Domains of no machine here that were reported (once each). */
    private final Set<String> foreignWarned = ConcurrentHashMap.newKeySet();
    /** What a machine paused on a disk error shows (tenants read it: no host, path or capacity). */
    static final String DISK_ERROR = "disk I/O error: the storage is full or failing";

    MachineStateSync(
            MachineRepository machines,
            MachineTransitions transitions,
            InterruptedOperations interrupted,
            AuditLog audit,
            PlatformTransactionManager txManager,
            NodeLease lease,
            HostConnections hosts,
            MachineSettings settings,
            TenantNetworks networks,
            MachineOperations operations) {
        this.networks = networks;
        this.operations = operations;
        this.lease = lease;
        this.hosts = hosts;
        this.machines = machines;
        this.transitions = transitions;
        this.interrupted = interrupted;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
        this.staleCreate = settings.staleOperation();
    }

    @PostConstruct
    void register() {
        hosts.addListener(this);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        ready.set(true);
        reconcileQuietly();
    }

    /** A node that takes over from another catches up on what happened meanwhile. */
    @EventListener(LeadershipGained.class)
    void onLeadership() {
        if (ready.get()) {
            reconcileQuietly();
        }
    }

    @Override
    public void onConnected() {
        if (ready.get()) {
            reconcileQuietly();
        }
    }

    /** Every node hears libvirt's events; the lease holder applies them (the others' views hear of it). */
    @Override
    public void onDomainEvent(DomainLifecycleEvent event) {
        if (lease.isLeader()) {
            SystemActor.run(() -> applyEvent(event));
        }
    }

    private void applyEvent(DomainLifecycleEvent event) {
        // Locked in the same query that reads it: a state written meanwhile (a power-off returning) is seen. An
        // undefined domain is looked for on the row's host: the host a machine left says so late, after the move.
        var found = tx.execute(s -> machines.lockByDomainName(event.domainName())
                .map(locked -> apply(
                                locked,
                                () -> event.state() == null ? lookAgain(locked, DomainState.UNKNOWN) : event.state(),
                                "event " + event.reason())
                        ? locked
                        : null)
                .orElse(null));
        if (found != null) {
            if (found.getState() == MachineState.PAUSED) {
                // tenants and operators hear of it; operators see it flagged on their dashboard too
                audit.record(
                        "system",
                        found.getTenantId(),
                        "machine.paused",
                        found.getName(),
                        AuditOutcome.FAILED,
                        AuditSource.SYSTEM,
                        DISK_ERROR,
                        "domain " + event.domainName() + ": " + event.reason());
                log.warn(
                        "machine {} ({}) paused by the hypervisor on a disk I/O error",
                        found.getName(),
                        event.domainName());
            }
            transitions.publish(found);
        }
    }

    /**
     * Applies the hypervisor's state to a machine; returns whether anything changed. {@code state} is asked only
     * when no operation owns the machine.
     */
    private boolean apply(MachineEntity m, Supplier<DomainState> state, String why) {
        if (m.getState().isTransient() || operations.busy(m.getId())) {
            return false; // the create or delete in progress owns the state
        }
        DomainState domain = state.get();
        MachineState target = target(m.getState(), domain);
        if (target == null || target == m.getState()) {
            return false;
        }
        String detail = switch (target) {
            case ERROR -> domain == null ? "domain missing in the hypervisor" : "guest crashed";
            case PAUSED -> DISK_ERROR;
            default -> null;
        };
        log.info("machine {} {}: {} -> {} ({})", m.getId(), m.getDomainName(), m.getState(), target, why);
        m.observed(target, detail);
        if (domain == DomainState.CRASHED) {
            transitions.incident(m, MachineIncident.Kind.CRASHED);
        }
        return true;
    }

    /**
     * The domain's state on the locked row's host now; {@code otherwise} when the host does not answer (the list's
     * state for a reconcile; UNKNOWN, which changes nothing, for an event).
     */
    private DomainState lookAgain(MachineEntity locked, DomainState otherwise) {
        try {
            return hosts.of(locked.getHostId()).state(locked.getDomainName()).orElse(null);
        } catch (HypervisorException e) {
            return otherwise;
        }
    }

    /** The state a machine should be in given what the hypervisor says, or null to leave it. */
    static MachineState target(MachineState current, DomainState domain) {
        if (domain == null) {
            return MachineState.ERROR;
        }
        return switch (domain) {
            case RUNNING, SUSPENDED -> current == MachineState.STOPPING ? null : MachineState.RUNNING;
            // paused by somebody (or, seen by the reconciler, for a reason it cannot tell): stays as it is shown
            case PAUSED ->
                current == MachineState.STOPPING || current == MachineState.PAUSED ? null : MachineState.RUNNING;
            case PAUSED_ON_IO_ERROR -> MachineState.PAUSED;
            case SHUT_OFF -> MachineState.STOPPED;
            case CRASHED -> MachineState.ERROR;
            case SHUTTING_DOWN -> current == MachineState.RUNNING ? MachineState.STOPPING : null;
            case UNKNOWN -> null;
        };
    }

    @Scheduled(
            fixedDelayString = "${vireo.machines.reconcile-interval}",
            initialDelayString = "${vireo.machines.reconcile-interval}")
    void reconcileQuietly() {
        if (!lease.isLeader()) {
            return;
        }
        try {
            SystemActor.run(this::reconcile);
        } catch (HypervisorException e) {
            log.warn("reconcile skipped, hypervisor unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            // whatever it meets (a row changed meanwhile, the database away) waits for the next run; it never
            // stops the portal from starting, nor the scheduler
            log.warn("reconcile failed, next run retries: {}", e.toString());
        }
    }

    /** Aligns every machine with libvirt; returns the number of machines fixed. One run at a time on a node. */
    synchronized int reconcile() {
        // Each host's domains; a host that does not answer now is left out, and so are its machines.
        var domains = new HashMap<String, DomainSummary>();
        var listed = new HashSet<UUID>();
        var registered = hosts.hosts();
        HypervisorException unreachable = null;
        for (var h : registered) {
            try {
                hosts.of(h).listDomains().forEach(d -> domains.put(d.name(), d));
                listed.add(h.id());
            } catch (HypervisorException e) {
                log.warn("reconcile: host {} does not answer: {}", h.name(), e.getMessage());
                unreachable = e;
            }
        }
        if (listed.isEmpty() && unreachable != null) {
            throw unreachable;
        }
        int fixed = 0;
        var all = machines.findAll();
        for (var h : registered) {
            if (listed.contains(h.id())) {
                // a network gone missing (a host restarted without autostart, removed by hand) is made again
                networks.restore(
                        hosts.of(h),
                        h.id(),
                        all.stream()
                                .filter(m -> !m.getState().isTransient())
                                .filter(m -> h.id().equals(m.getHostId()))
                                .toList());
            }
        }
        var running = operations.all();
        for (var m : all) {
            var domain = domains.remove(m.getDomainName());
            UUID host = m.getHostId();
            var operation = running.get(m.getId());
            if (operation != null && !operations.abandoned(operation)) {
                continue; // in progress, on this node or another
            }
            if (!listed.contains(host)) {
                continue;
            }
            if (operation != null) {
                fixed += interrupted.takeOver(m, operation) ? 1 : 0;
                continue;
            }
            if (m.getState().isTransient()) {
                // No operation: a row of a release before operations were recorded, left half-done long ago.
                if (m.getUpdatedAt().isBefore(Instant.now().minus(staleCreate))) {
                    fixed += interrupted.takeOver(
                                    m,
                                    new MachineOperations.Operation(
                                            m.getId(),
                                            m.getState() == MachineState.DELETING
                                                    ? MachineOperations.DELETE
                                                    : "UNKNOWN",
                                            "",
                                            m.getUpdatedAt(),
                                            m.getUpdatedAt()))
                            ? 1
                            : 0;
                }
                continue;
            }
            DomainState actual = domain == null ? null : domain.state();
            MachineState wanted = target(m.getState(), actual);
            if (wanted == null || wanted == m.getState()) {
                continue; // in step: no row lock, no transaction (most machines, every minute)
            }
            // The list above may be older than the row: a move or another change can have ended since. What the
            // machine's host says now, under the row's lock, decides.
            var changed = tx.execute(s -> machines.lockById(m.getId())
                    .filter(locked -> apply(locked, () -> lookAgain(locked, actual), "reconcile"))
                    .orElse(null));
            if (changed != null) {
                transitions.publish(changed);
                audit.record(
                        "system",
                        m.getTenantId(),
                        "machine.reconcile",
                        m.getDomainName(),
                        AuditOutcome.SUCCESS,
                        AuditSource.SYSTEM,
                        "state now " + changed.getState());
                fixed++;
            }
        }
        // another portal's (a second installation on the same libvirt, a test): said once per domain, then quiet
        domains.values().stream().filter(d -> d.machineId() != null).forEach(d -> {
            if (foreignWarned.add(d.name())) {
                log.warn(
                        "domain {} carries Vireo metadata (machine {}) but has no machine here (another "
                                + "installation's?); left untouched",
                        d.name(),
                        d.machineId());
            } else {
                log.debug("domain {} of no machine here, left untouched", d.name());
            }
        });
        if (fixed > 0) {
            log.info("reconcile fixed {} machine(s)", fixed);
        }
        return fixed;
    }
}
