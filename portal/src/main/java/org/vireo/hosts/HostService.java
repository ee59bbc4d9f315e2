package org.vireo.hosts;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.hosts.internal.HostEntity;
import org.vireo.hosts.internal.HostRepository;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.HypervisorFactory;
import org.vireo.hypervisor.LocalHypervisorSettings;
import org.vireo.hypervisor.NetworkDns;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.hypervisor.SpecValues;
import org.vireo.security.CurrentUser;

/**
 * Operators register hypervisor hosts by libvirt URI, see whether each answers and how big it is, and put hosts
 * into maintenance. The portal's own host ({@code VIREO_LIBVIRT_URI}) is registered on first start. A host is only
 * registered if its libvirt answers.
 */
@Service
@EnableConfigurationProperties({HostSettings.class, HostSettings.ConsoleProxies.class, LocalHostNetwork.class})
@PreAuthorize("hasRole('ADMIN')")
public class HostService {
    private static final Logger log = LoggerFactory.getLogger(HostService.class);
    private static final long HEALTH_TIMEOUT_SECONDS = 5;
    private static final long REGISTER_TIMEOUT_SECONDS = 15;

    private final HostRepository hosts;
    private final ObjectProvider<HostMachines> machines;
    private final ObjectProvider<HostDrains> drains;
    private final HostConnections connections;
    private final HypervisorFactory factory;
    private final AuditLog audit;
    private final String localUri;
    private final double cpuOvercommit;
    private final double memoryOvercommit;
    private final Set<String> consoleProxies;
    private final boolean allowInsecure;
    private final NetworkMode localNetworkMode;
    private final NetworkDns localDns;

    HostService(
            HostRepository hosts,
            HostConnections connections,
            HypervisorFactory factory,
            AuditLog audit,
            ObjectProvider<HostMachines> machines,
            ObjectProvider<HostDrains> drains,
            LocalHypervisorSettings local,
            HostSettings settings,
            HostSettings.ConsoleProxies consoleProxies,
            LocalHostNetwork localNetwork) {
        this.allowInsecure = settings.allowInsecure();
        this.localNetworkMode = localNetwork.mode();
        this.localDns = localNetwork.dns();
        this.consoleProxies = Set.copyOf(consoleProxies.proxies());
        this.hosts = hosts;
        this.machines = machines;
        this.drains = drains;
        this.connections = connections;
        this.factory = factory;
        this.audit = audit;
        this.localUri = local.libvirt().uri();
        this.cpuOvercommit = settings.cpuOvercommit();
        this.memoryOvercommit = settings.memoryOvercommit();
    }

    @Transactional(readOnly = true)
    public List<Host> list() {
        return connections.hosts();
    }

    /** What the portal's own host reports: hypervisor, versions, capacity, accelerator (operators only). */
    public HostInfo localHostInfo() {
        return connections.local().hostInfo();
    }

    /** Every host with what its libvirt says now (each asked in parallel, at most 5 s). */
    public List<HostHealth> health() {
        var futures = list().stream()
                .map(h -> CompletableFuture.supplyAsync(() -> probe(h))
                        .completeOnTimeout(
                                unreachable(h, "no answer within " + HEALTH_TIMEOUT_SECONDS + " s"),
                                HEALTH_TIMEOUT_SECONDS,
                                TimeUnit.SECONDS))
                .toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Transactional
    public Host register(String name, String uri, String accelerator, AuditSource source) {
        return register(name, uri, accelerator, null, source);
    }

    /**
     * As above, with the console proxy next to the host: one of the proxies the portal is configured to trust
     * ({@code VIREO_CONSOLE_PROXIES}; the browser's content security policy allows only those).
     */
    @Transactional
    public Host register(String name, String uri, String accelerator, String consoleUrl, AuditSource source) {
        return register(name, uri, accelerator, consoleUrl, null, null, source);
    }

    /**
     * As above, with how the host serves private networks: outbound {@code networkMode} ({@code nat},
     * {@code none}, {@code isolated}; null: nat) and the guests' {@code dns} ({@code host}, {@code none} or IPv4
     * addresses; null: host).
     */
    @Transactional
    public Host register(
            String name,
            String uri,
            String accelerator,
            String consoleUrl,
            String networkMode,
            String dns,
            AuditSource source) {
        return register(name, uri, accelerator, consoleUrl, networkMode, dns, null, source);
    }

    /**
     * As above, with where other hosts send it the machines that move there ({@code migrationAddress}: an IPv4
     * address or a DNS name on the network the hosts share; null: machines cannot move there).
     */
    @Transactional
    public Host register(
            String name,
            String uri,
            String accelerator,
            String consoleUrl,
            String networkMode,
            String dns,
            String migrationAddress,
            AuditSource source) {
        String migration = migrationAddress(migrationAddress);
        NetworkMode mode;
        try {
            mode = networkMode == null || networkMode.isBlank() ? NetworkMode.NAT : NetworkMode.parse(networkMode);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("networkMode", "hosts.network-mode-invalid");
        }
        NetworkDns guestDns;
        try {
            guestDns = NetworkDns.parse(dns);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("dns", "hosts.dns-invalid");
        }
        var caller = CurrentUser.require();
        String console = consoleUrl == null || consoleUrl.isBlank() ? null : consoleUrl.strip();
        if (console != null && !consoleProxies.contains(console)) {
            throw new InvalidInputException("consoleUrl", "hosts.console-url-unknown");
        }
        String n = Validation.name("name", name);
        String u = HostUris.check(uri, allowInsecure);
        Accelerator a;
        try {
            a = Accelerator.parse(accelerator == null ? "kvm" : accelerator);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("accelerator", "hosts.accelerator-invalid");
        }
        if (hosts.existsByName(n)) {
            throw new InvalidInputException("name", "hosts.name-taken");
        }
        if (hosts.findByUri(u).isPresent()) {
            throw new InvalidInputException("uri", "hosts.uri-taken");
        }
        var connection = factory.connect(u, a);
        List<String> filters;
        try {
            CompletableFuture.supplyAsync(connection::hostInfo).get(REGISTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // every machine's interfaces are behind clean-traffic: a host without it gets libvirt's own definitions
            filters = CompletableFuture.supplyAsync(connection::ensureBaseFilters)
                    .get(REGISTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            factory.close(connection);
            String why =
                    e instanceof TimeoutException ? "no answer" : e.getCause().getMessage();
            audit.record(caller.username(), null, "host.register", n, AuditOutcome.FAILED, source, u + ": " + why);
            throw new InvalidInputException("uri", "hosts.unreachable");
        } catch (InterruptedException e) {
            factory.close(connection);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        var created = new HostEntity(n, u, a.name(), cpuOvercommit, memoryOvercommit, console, mode, guestDns);
        created.setMigrationAddress(migration);
        var entity = hosts.save(created);
        connections.adopt(entity.toHost().id(), connection);
        audit.record(
                caller.username(),
                null,
                "host.register",
                n,
                AuditOutcome.SUCCESS,
                source,
                filters.isEmpty() ? u : u + ", defined filters " + String.join(" ", filters));
        return entity.toHost();
    }

    /** Where other hosts send it the machines that move there; null or blank: machines cannot move there. */
    @Transactional
    public Host setMigrationAddress(UUID id, String migrationAddress, AuditSource source) {
        String address = migrationAddress(migrationAddress);
        var entity = hosts.findById(id).orElseThrow(() -> new NotFoundException("host"));
        entity.setMigrationAddress(address);
        var host = entity.toHost();
        audit.record(
                CurrentUser.require().username(),
                null,
                "host.migration-address",
                host.name(),
                AuditOutcome.SUCCESS,
                source,
                address);
        return host;
    }

    /**
     * Where the host's machines' backups go: an absolute directory on the host, on another file system than its
     * machine pool (an NFS mount in production); null or blank: no backups on this host (the ones made stay).
     */
    @Transactional
    public Host setBackupDir(UUID id, String dir, AuditSource source) {
        String value = dir == null || dir.isBlank() ? null : dir.strip();
        if (value != null) {
            Path path;
            try {
                path = Path.of(value);
                SpecValues.checkPath("backupDir", path);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("backupDir", "hosts.backup-dir-invalid");
            }
            if (!path.isAbsolute()
                    || path.getNameCount() < 2
                    || !path.normalize().equals(path)) {
                throw new InvalidInputException("backupDir", "hosts.backup-dir-invalid");
            }
        }
        var entity = hosts.findById(id).orElseThrow(() -> new NotFoundException("host"));
        entity.setBackupDir(value);
        var host = entity.toHost();
        audit.record(
                CurrentUser.require().username(),
                null,
                "host.backup-dir",
                host.name(),
                AuditOutcome.SUCCESS,
                source,
                value == null ? "none" : value);
        return host;
    }

    private static String migrationAddress(String raw) {
        String address = raw == null || raw.isBlank() ? null : raw.strip();
        if (address != null && !SpecValues.HOST_ADDRESS.matcher(address).matches()) {
            throw new InvalidInputException("migrationAddress", "hosts.migration-address-invalid");
        }
        return address;
    }

    /** In maintenance a host takes no new machines; the ones on it keep running. */
    public Host setMaintenance(UUID id, boolean maintenance, AuditSource source) {
        return setMaintenance(id, maintenance, false, source);
    }

    /**
     * As above; with {@code evacuate} (and maintenance on) its machines then move to the other hosts by placement,
     * a few at a time, in the background (its state in {@link #health()}). Maintenance off stops a drain: the moves
     * under way finish.
     */
    public Host setMaintenance(UUID id, boolean maintenance, boolean evacuate, AuditSource source) {
        var entity = hosts.findById(id).orElseThrow(() -> new NotFoundException("host"));
        entity.setMaintenance(maintenance);
        var host = hosts.save(entity).toHost(); // committed: placement sees it before the drain starts
        audit.record(
                CurrentUser.require().username(),
                null,
                maintenance ? "host.maintenance.on" : "host.maintenance.off",
                host.name(),
                AuditOutcome.SUCCESS,
                source,
                null);
        if (!maintenance) {
            drains.ifAvailable(d -> d.stop(id));
        } else if (evacuate) {
            drains.getObject().start(host, source);
        }
        return host;
    }

    /** The portal's own host, registered on first start (no reachability check: libvirt may still be starting). */
    @Transactional
    void registerLocal() {
        var known = hosts.findByUri(localUri);
        if (known.isEmpty()) {
            hosts.save(new HostEntity(
                    "local",
                    localUri,
                    connections.local().accelerator().name(),
                    cpuOvercommit,
                    memoryOvercommit,
                    null,
                    localNetworkMode,
                    localDns));
            audit.record("system", null, "host.register", "local", AuditOutcome.SUCCESS, AuditSource.SYSTEM, localUri);
        } else if (known.get().toHost().networkMode() != localNetworkMode
                || !known.get().toHost().dns().equals(localDns)) {
            // applies to networks made from now on: a running network is never redefined under its guests
            known.get().setNetworkMode(localNetworkMode);
            known.get().setDns(localDns);
            hosts.save(known.get());
            audit.record(
                    "system",
                    null,
                    "host.network-mode",
                    "local",
                    AuditOutcome.SUCCESS,
                    AuditSource.SYSTEM,
                    localNetworkMode.wire() + ", dns " + localDns.wire());
        }
    }

    private HostHealth probe(Host h) {
        try {
            var hypervisor = connections.of(h);
            var info = hypervisor.hostInfo();
            // only this installation's machines: a shared libvirt may run another portal's domains
            var all = hypervisor.listDomains();
            var ids = all.stream()
                    .map(d -> d.machineId())
                    .filter(Objects::nonNull)
                    .toList();
            var ours = machines.getObject().ours(ids);
            var domains = all.stream()
                    .filter(d -> d.machineId() != null && ours.contains(d.machineId()))
                    .toList();
            int running = (int) domains.stream()
                    .filter(d -> d.state() == DomainState.RUNNING)
                    .count();
            var limits = hypervisor.interfaceLimits();
            return new HostHealth(
                    h,
                    true,
                    null,
                    info.hostname(),
                    info.libvirtVersion(),
                    info.cpus(),
                    info.memoryMiB(),
                    domains.size(),
                    running,
                    drain(h),
                    limits.available() ? limits.by().wire() : null,
                    limits.problem());
        } catch (RuntimeException e) {
            return unreachable(h, e.getMessage());
        }
    }

    private HostHealth unreachable(Host h, String why) {
        return new HostHealth(h, false, why, null, null, 0, 0, 0, 0, drain(h), null, null);
    }

    private DrainStatus drain(Host h) {
        var d = drains.getIfAvailable();
        return d == null ? null : d.status(h.id()).orElse(null);
    }
}
