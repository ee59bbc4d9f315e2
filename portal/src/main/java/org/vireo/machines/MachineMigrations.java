package org.vireo.machines;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutorService;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.UnavailableException;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.machines.internal.SnapshotRepository;
import org.vireo.security.CurrentUser;
import org.vireo.templates.TemplateService;

/**
 * Operators move a running machine to another host with its disk (live migration; hosts share no storage). What
 * the machine needs there is made first (its template's files, its seed, its tenant's network and its address
 * there); then libvirt copies disk and memory while the guest runs. The machine's row changes host only once
 * libvirt reports success; a failure leaves it running where it was, and whatever was made on the target goes.
 */
@Service
public class MachineMigrations implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(MachineMigrations.class);
    /** The disk that moves; the seed CD-ROM is read-only and made on the target instead. */
    private static final List<String> DISKS = List.of("vda");

    private final MachineService machines;
    private final HostConnections hosts;
    private final OperationRunner runner;
    private final TenantNetworks networks;
    private final PrivateNics nics;
    private final SnapshotRepository snapshots;
    private final TemplateService templates;
    private final TemplateStaging staging;
    private final AuditLog audit;
    private final Placement placement;
    private final MoveLeftovers leftovers;
    private final ExecutorService moves;
    private final ScheduledExecutorService progress =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vireo-migration-progress"));

    MachineMigrations(
            MachineService machines,
            HostConnections hosts,
            OperationRunner runner,
            TenantNetworks networks,
            PrivateNics nics,
            SnapshotRepository snapshots,
            TemplateService templates,
            TemplateStaging staging,
            AuditLog audit,
            Placement placement,
            DrainSettings drain,
            MoveLeftovers leftovers) {
        this.placement = placement;
        this.leftovers = leftovers;
        // a drain's moves and an operator's own: each thread waits on libvirt
        this.moves = new DelegatingSecurityContextExecutorService(
                Executors.newFixedThreadPool(drain.parallel() + 1, r -> daemon(r, "vireo-migrations")));
        this.machines = machines;
        this.hosts = hosts;
        this.runner = runner;
        this.networks = networks;
        this.nics = nics;
        this.snapshots = snapshots;
        this.templates = templates;
        this.staging = staging;
        this.audit = audit;
    }

    /**
     * Starts moving the machine to {@code hostId} (live while it runs, cold while it is stopped); returns at once
     * with the machine as it was (the move goes on in the background, its progress in the machine's state detail).
     * Refused (409, with the reason) when
     * the move cannot work: same host, a host in maintenance or without a migration address, the portal's own
     * host, a machine with snapshots, public addresses, an ISO or in rescue.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Machine migrate(UUID id, UUID hostId, AuditSource source) {
        return migrate(id, hostId, source, failure -> {});
    }

    /** As above; {@code ended} hears how the move ended (null: the machine is on {@code hostId} now). */
    @PreAuthorize("hasRole('ADMIN')")
    Machine migrate(UUID id, UUID hostId, AuditSource source, Consumer<RuntimeException> ended) {
        if (hostId == null) {
            throw new InvalidInputException("hostId", "validation.required");
        }
        var current = machines.get(id);
        Host target = hosts.hosts().stream()
                .filter(h -> h.id().equals(hostId))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("hostId", "machines.move-host-unknown"));
        RuntimeException refusal = refusal(current, target);
        var operation = runner.on(current, MachineAction.MIGRATE, "machine.migrate", source)
                .claim(e -> {
                    if (refusal != null) {
                        throw refusal;
                    }
                    e.busyWith("moving: 0 %");
                })
                .work((before, from) -> move(before, from, target))
                .afterwards(e -> e.busyWith(null)) // no detail: the move is over, the machine free again
                .audit(to -> "moved to another host");
        return operation.start(moves, ended);
    }

    /**
     * Why the machine itself cannot move (snapshots, public addresses, an ISO, rescue, the portal's own host), as a
     * message key; null when it can.
     */
    String problem(Machine m) {
        if (hosts.isLocal(m.hostId())) {
            return "machines.migrate-unsupported-host";
        }
        if (!snapshots.findByMachineIdOrderByCreatedAtAscIdAsc(m.id()).isEmpty()
                || !nics.publicIps(m.id()).isEmpty()
                || m.isoId() != null
                || m.rescue()) {
            return "machines.migrate-unsupported-machine";
        }
        return null;
    }

    /** Why a host cannot take moved machines at all (no migration address, the portal's own host); null if it can. */
    String unfit(Host h) {
        return h.migrationAddress() == null || hosts.isLocal(h) ? "cannot receive moved machines" : null;
    }

    private RuntimeException refusal(Machine m, Host target) {
        if (m.hostId().equals(target.id())) {
            return new ConflictException("machines.move-same-host");
        }
        if (target.maintenance()) {
            return new ConflictException("machines.migrate-target-maintenance");
        }
        String problem = unfit(target) != null ? "machines.migrate-unsupported-host" : problem(m);
        if (problem != null) {
            return new ConflictException(problem);
        }
        try {
            // placement's rules: the machine must fit on the target under its overcommit, with space in its pool
            placement.chooseTarget(m, Map.of(), h -> h.id().equals(target.id()) ? null : "not the target");
            return null;
        } catch (ConflictException | UnavailableException e) {
            return e;
        }
    }

    /** Runs in the background: prepares the target, moves, cleans the host the machine left (or the target). */
    private Host move(Machine m, Hypervisor from, Host target) {
        Hypervisor to = hosts.of(target);
        String domain = m.domainName();
        var network = networks.network(m.tenantId(), target.id());
        try {
            var template = templates.get(m.templateId());
            staging.stageQuietly(template, to, target.name());
            String seed = MachineNames.seedName(domain);
            if (from.diskExists(seed)) {
                var files = from.readSeed(seed);
                to.createSeed(
                        seed,
                        text(files.get("meta-data")),
                        text(files.get("user-data")),
                        files.containsKey("network-config") ? text(files.get("network-config")) : null);
            }
            networks.ensure(to, network, m.tenantId());
            if (m.mac() != null) {
                to.reserveAddress(network.name(), m.mac(), m.privateIpv4(), m.name());
            }
            if (m.state() == MachineState.STOPPED) {
                // cold: its volumes stream over, then its definition; seed included (nothing runs to need it)
                from.moveStopped(domain, to, from.volumes(domain + "."));
            } else {
                var watch = progress.scheduleWithFixedDelay(() -> showProgress(m, from), 1, 1, TimeUnit.SECONDS);
                try {
                    from.migrateLive(domain, to, target.migrationAddress(), DISKS);
                } finally {
                    watch.cancel(false);
                }
            }
        } catch (RuntimeException e) {
            if (from.state(domain).isPresent() || to.state(domain).isEmpty()) {
                leftovers.remove(m, target);
                throw e;
            }
            log.warn("migration of {} reported a failure, but it runs on the target now: {}", domain, e.getMessage());
        }
        runner.update(m.id(), e -> {
            e.moveTo(target.id());
            e.busyWith("moving: cleaning up");
        });
        // the host it left: its disk and seed, its address, its tenant's network when it was the last one there
        try {
            from.volumes(domain + ".").forEach(from::deleteDisk);
            nics.unwire(from, m.id(), m.tenantId(), m.mac(), m.privateIpv4());
        } catch (RuntimeException e) {
            log.warn("clean-up of {} on the host it left: {}", domain, e.getMessage());
        }
        return target;
    }

    private void showProgress(Machine m, Hypervisor from) {
        try {
            from.migrationProgress(m.domainName())
                    .ifPresent(p -> runner.update(m.id(), e -> e.busyWith("moving: " + p.describe())));
        } catch (RuntimeException e) {
            log.debug("migration progress of {}: {}", m.domainName(), e.getMessage());
        }
    }

    /** Cancels the machine's move in progress: it keeps running where it is. */
    @PreAuthorize("hasRole('ADMIN')")
    public void cancel(UUID id, AuditSource source) {
        var m = machines.get(id);
        hosts.of(m.hostId()).abortMigration(m.domainName());
        audit.record(
                CurrentUser.require().username(),
                m.tenantId(),
                "machine.migrate-cancel",
                m.name(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Thread daemon(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void destroy() {
        moves.shutdownNow();
        progress.shutdownNow();
    }
}
