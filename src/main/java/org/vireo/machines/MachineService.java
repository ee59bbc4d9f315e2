package org.vireo.machines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.OperationFailedException;
import org.vireo.base.Validation;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.DomainState;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.VncEndpoint;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.machines.internal.SnapshotRepository;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.quotas.Usage;
import org.vireo.quotas.UsageSource;
import org.vireo.security.CurrentUser;
import org.vireo.security.SshKeyService;
import org.vireo.security.TenantGate;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;
import org.vireo.templates.TemplateService;

/**
 * Tenants' machines: create from a template within the quota, start, shut down, power off, reboot, delete.
 * Every call is scoped to the caller's tenant in the query itself (operators see all); another tenant's machine
 * is "not found". Hypervisor work runs outside database transactions; a create that fails anywhere removes what
 * it made (domain, disk, row) and so releases its reservation.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class MachineService implements UsageSource {
    private static final Logger log = LoggerFactory.getLogger(MachineService.class);
    static final int MAX_VCPUS = 64;
    static final int MAX_MEMORY_MIB = 1024 * 1024;
    static final int MAX_DISK_GIB = 16 * 1024;

    private final MachineRepository machines;
    private final SnapshotRepository snapshots;
    private final TemplateService templates;
    private final MachineTransitions transitions;
    private final TenantGate tenantGate;
    private final SshKeyService sshKeys;
    private final QuotaService quotas;
    private final HostConnections hosts;
    private final Placement placement;
    private final PrivateNics nics;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration shutdownTimeout;
    private final Path logDir;
    private final Clock clock = Clock.systemUTC();
    /** The long operation each machine is in, in the database: the reconciler of any node leaves them alone. */
    private final MachineOperations operations;
    private final Map<String, Object> templateCopies = new ConcurrentHashMap<>();

    MachineService(MachineRepository machines, SnapshotRepository snapshots, TemplateService templates, TenantGate tenantGate, SshKeyService sshKeys,
                   QuotaService quotas,
                   HostConnections hosts, Placement placement, PrivateNics nics, MachineOperations operations,
                   MachineTransitions transitions,
                   AuditLog audit, ApplicationEventPublisher events, PlatformTransactionManager txManager,
                   @Value("${vireo.machines.shutdown-timeout}") Duration shutdownTimeout,
                   @Value("${vireo.machines.log-dir}") Path logDir) {
        this.machines = machines;
        this.snapshots = snapshots;
        this.templates = templates;
        this.tenantGate = tenantGate;
        this.sshKeys = sshKeys;
        this.quotas = quotas;
        this.hosts = hosts;
        this.placement = placement;
        this.nics = nics;
        this.operations = operations;
        this.transitions = transitions;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
        this.shutdownTimeout = shutdownTimeout;
        this.logDir = logDir.toAbsolutePath().normalize();
    }

    // --- reads ------------------------------------------------------------------------------------------------

    /** A page of machines: the caller's tenant's, or for operators all (or one tenant's when filtered). */
    @Transactional(readOnly = true)
    public Page<Machine> list(Pageable page, UUID tenantFilter) {
        return list(page, MachineQuery.ofTenant(tenantFilter));
    }

    /** A page of the machines the query matches, within the caller's tenant (operators: all, or the query's). */
    @Transactional(readOnly = true)
    public Page<Machine> list(Pageable page, MachineQuery query) {
        return machines.findAll(scope(query), page).map(MachineEntity::toMachine);
    }

    @Transactional(readOnly = true)
    public long count(UUID tenantFilter) {
        return count(MachineQuery.ofTenant(tenantFilter));
    }

    @Transactional(readOnly = true)
    public long count(MachineQuery query) {
        return machines.count(scope(query));
    }

    private static org.springframework.data.jpa.domain.Specification<MachineEntity> scope(MachineQuery q) {
        var caller = CurrentUser.require();
        return MachineRepository.matching(caller.isAdmin() ? q.tenantId() : caller.tenantId(), q.state(), q.name());
    }

    /** Operators: machines the hypervisor paused on a disk error, for the dashboard's flag. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(readOnly = true)
    public List<Machine> paused() {
        return machines.findByState(MachineState.PAUSED).stream().map(MachineEntity::toMachine).toList();
    }

    /** Operators: per state, the number of machines and the vCPUs, memory and disk they have. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public Map<MachineState, Resources> totalsByState() {
        var result = new java.util.EnumMap<MachineState, Resources>(MachineState.class);
        for (Object[] row : machines.totalsByState()) {
            result.put((MachineState) row[0], new Resources(((Number) row[2]).intValue(),
                    ((Number) row[3]).intValue(), ((Number) row[4]).intValue(), ((Number) row[1]).intValue()));
        }
        return result;
    }

    @Transactional(readOnly = true)
    public Machine get(UUID id) {
        return scoped(id).toMachine();
    }

    /**
     * The file the machine's first serial port writes to (boot messages), on the machine's host: a file the portal
     * can read only for machines of its own host.
     */
    @Transactional(readOnly = true)
    public Path serialLog(UUID id) {
        var m = scoped(id);
        return serialLogOf(m.getDomainName(), hosts.isLocal(m.getHostId()));
    }

    @Override
    @Transactional(readOnly = true)
    public Usage usage(UUID tenantId) {
        return usage(List.of(tenantId)).get(tenantId);
    }

    /** Machines being created count as reserved, all others as used; snapshots as used, with their size. */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Usage> usage(Collection<UUID> tenantIds) {
        var result = new HashMap<UUID, Usage>();
        if (tenantIds.isEmpty()) {
            return result;
        }
        for (Object[] row : machines.usageByTenantAndState(tenantIds)) {
            var r = new Resources(((Number) row[3]).intValue(), ((Number) row[4]).intValue(),
                    ((Number) row[5]).intValue(), ((Number) row[2]).intValue());
            var add = row[1] == MachineState.CREATING ? new Usage(Resources.ZERO, r) : new Usage(r, Resources.ZERO);
            result.merge((UUID) row[0], add, Usage::plus);
        }
        for (Object[] row : snapshots.usageByTenant(tenantIds)) {
            var r = new Resources(0, 0, ((Number) row[2]).intValue(), 0, ((Number) row[1]).intValue());
            result.merge((UUID) row[0], new Usage(r, Resources.ZERO), Usage::plus);
        }
        tenantIds.forEach(id -> result.putIfAbsent(id, Usage.NONE));
        return result;
    }

    // --- create -----------------------------------------------------------------------------------------------

    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine create(CreateMachine cmd, AuditSource source) {
        return provision(cmd, source).machine();
    }

    /** A new machine and, when asked for, the generated password of its template's user (shown once). */
    public record Provisioned(Machine machine, String initialPassword) {
    }

    /** {@link #create}, handing back the generated password, which is never stored nor logged. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Provisioned provision(CreateMachine cmd, AuditSource source) {
        var caller = CurrentUser.require();
        UUID tenantId = caller.tenantId();
        requireActive(tenantId);
        if (cmd == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        String name = Validation.name("name", cmd.name());
        if (cmd.templateId() == null) {
            throw new InvalidInputException("templateId", "validation.required");
        }
        Template template;
        try {
            template = templates.get(cmd.templateId());
        } catch (NotFoundException e) {
            throw new InvalidInputException("templateId", "machines.template-unknown");
        }
        requireBootable(template);
        int vcpus = Validation.range("vcpus", cmd.vcpus() == null ? template.vcpus() : cmd.vcpus(),
                template.minVcpus(), MAX_VCPUS);
        int memory = Validation.range("memoryMiB", cmd.memoryMiB() == null ? template.memoryMiB() : cmd.memoryMiB(),
                template.minMemoryMiB(), MAX_MEMORY_MIB);
        int disk = Validation.range("diskGiB", cmd.diskGiB() == null ? template.diskGiB() : cmd.diskGiB(),
                template.minDiskGiB(), MAX_DISK_GIB);
        boolean start = cmd.start() == null || cmd.start();
        var guestRequest = guestRequest(cmd, template);
        boolean publicIpv4 = Boolean.TRUE.equals(cmd.publicIpv4());
        var request = new Resources(vcpus, memory, disk, 1).withIpv4(publicIpv4 ? 1 : 0);
        long started = System.nanoTime();
        Placement.Choice choice;
        try {
            // Over its quota, a tenant hears about its quota, not about the hosts; checked again under the lock.
            tx.executeWithoutResult(status -> quotas.checkAndLock(tenantId, request, () -> quotas.usage(tenantId)));
        } catch (RuntimeException e) {
            audit.refused(caller.username(), tenantId, "machine.create", name, source, null, e);
            Metrics.counter("vireo.machine.creates", "outcome", "denied").increment();
            throw e;
        }
        try {
            choice = placement.choose(tenantId, request, Boolean.TRUE.equals(cmd.spread()));
        } catch (Placement.NoRoomException e) {
            audit.record(caller.username(), tenantId, "machine.create", name, AuditOutcome.DENIED, source,
                    e.type(), "no host: " + e.explanation);
            Metrics.counter("vireo.machine.creates", "outcome", "denied").increment();
            throw e;
        } catch (Placement.NoHostAvailableException e) {
            audit.record(caller.username(), tenantId, "machine.create", name, AuditOutcome.FAILED, source,
                    e.type(), "no host answers: " + e.explanation);
            log.warn("create of {} refused, no host answers: {}", name, e.explanation);
            Metrics.counter("vireo.machine.creates", "outcome", "failed").increment();
            throw e;
        }

        // Check the quota and reserve (the CREATING row is the reservation) in one transaction under the
        // tenant's quota row lock, so parallel creates cannot overshoot.
        MachineEntity entity;
        try {
            // Taken before the claim: its own transaction must not wait for a connection while the lock is held.
            var subnet = nics.subnet(tenantId);
            entity = tx.execute(status -> {
                quotas.checkAndLock(tenantId, request, () -> quotas.usage(tenantId));
                if (machines.existsByTenantIdAndName(tenantId, name)) {
                    throw new InvalidInputException("name", "machines.name-taken");
                }
                holdTemplate(template.id(), "templateId", "machines.template-unknown");
                var created = new MachineEntity(tenantId, name, template.id(), vcpus, memory, disk, choice.hostId());
                nics.assign(created, subnet);
                var saved = machines.saveAndFlush(created);
                operations.begin(saved.getId(), MachineOperations.CREATE);
                if (publicIpv4) {
                    nics.assignPublic(saved, choice.hostId());
                }
                return saved;
            });
        } catch (RuntimeException e) {
            audit.refused(caller.username(), tenantId, "machine.create", name, source, null, e);
            Metrics.counter("vireo.machine.creates", "outcome", "denied").increment();
            throw e;
        }
        UUID id = entity.getId();
        String domain = entity.getDomainName();
        var hypervisor = hosts.of(choice.hostId());
        try {
            publish(entity);
            audit.record(caller.username(), tenantId, "machine.place", name, AuditOutcome.SUCCESS, source, null,
                    choice.explanation());
            var wiring = buildOnHost(id, tenantId, name, domain, template, new Resources(vcpus, memory, disk, 1),
                    choice.hostId(), choice.local(), choice.hostName(), guestRequest.guest(), id.toString());
            try {
                if (start) {
                    // the network was made sure of just now (wire); the DHCP reservation is made meanwhile, while
                    // QEMU starts (long before the guest asks for an address), and done before the 201
                    update(id, e -> e.setState(MachineState.STARTING, null));
                    hypervisor.start(domain);
                }
            } catch (RuntimeException e) {
                wiring.settle();
                throw e;
            }
            wiring.awaitReservation();
            var done = update(id, e -> {
                // An event may have moved it on already; only settle states this create set itself.
                if (e.getState() == MachineState.CREATING || e.getState() == MachineState.STARTING) {
                    e.setState(start ? MachineState.RUNNING : MachineState.STOPPED, null);
                }
            });
            operations.end(id);
            audit.record(caller.username(), tenantId, "machine.create", name, AuditOutcome.SUCCESS, source,
                    "id=" + id + " template=" + template.name() + " vcpus=" + vcpus + " memoryMiB=" + memory
                            + " diskGiB=" + disk + " address=" + entity.getPrivateIpv4(),
                    "host=" + choice.hostName() + " network=" + PrivateNics.networkName(tenantId));
            Metrics.counter("vireo.machine.creates", "outcome", "success").increment();
            Metrics.timer("vireo.machine.create.duration", "start", Boolean.toString(start))
                    .record(Duration.ofNanos(System.nanoTime() - started));
            return new Provisioned(done.toMachine(), guestRequest.password());
        } catch (RuntimeException | IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("create of machine {} ({}) failed, rolling back: {}", name, id, reason);
            if (removeFromHost(choice.hostId(), domain)) {
                tx.executeWithoutResult(s -> machines.deleteById(id)); // its operation with it
                events.publishEvent(new MachineChanged(id, tenantId, MachineState.CREATING, true));
            } else {
                // The row (and so the reservation) stays until the host is clean: no orphan disk or domain. The
                // operation is given up, so that the next reconcile (on any node) finishes the clean-up.
                update(id, m -> m.setState(MachineState.CREATING, "create failed, clean-up pending"));
                operations.abandon(id);
            }
            audit.record(caller.username(), tenantId, "machine.create", name, AuditOutcome.FAILED, source, null,
                    "host=" + choice.hostName() + ": " + reason);
            Metrics.counter("vireo.machine.creates", "outcome", "failed").increment();
            if (storageFull(e)) {
                throw new Placement.NoRoomException("storage-full", "machines.storage-full", reason);
            }
            throw new OperationFailedException("machines.create-failed", reason, e);
        }
    }

    /** An ISO of the library is a CD for machines, not something a machine is made of. */
    static void requireBootable(Template template) {
        if (template.kind() == TemplateKind.ISO) {
            throw new InvalidInputException("templateId", "machines.template-is-iso");
        }
    }

    /**
     * Builds a machine on its host: the tenant's network there (with the machine's DHCP reservation), the
     * template's files in the host's pool (copied on a host's first machine from it), the disk (an overlay on the
     * template's base), the cloud-init seed (with {@code instanceId}: a new one makes cloud-init run again; its
     * network configuration names the interface by MAC) and the domain's definition.
     */
    PrivateNics.Wiring buildOnHost(UUID id, UUID tenantId, String name, String domain, Template template,
                                   Resources size,
                     UUID hostId, boolean local, String hostName, CloudInit.Guest guest, String instanceId)
            throws IOException {
        var hypervisor = hosts.of(hostId);
        var wiring = nics.wire(hypervisor, machines.findById(id).orElseThrow(() -> new NotFoundException("machine")),
                hostId);
        try {
            var files = new TemplateFiles(template.kind() == TemplateKind.IMAGE ? template.image() : null,
                    template.kernel(), template.initrd());
            if (!local) {
                files = copyTemplate(id, template, files, hypervisor, hostName);
            }
            Path diskPath = hypervisor.createDisk(volumeName(domain), files.base(), template.imageFormat(),
                    size.diskGiB());
            Files.createDirectories(logDir);
            Path seed = template.cloudInit() ? hypervisor.createSeed(seedName(domain),
                    CloudInit.metaData(instanceId, name), CloudInit.userData(name, guest), wiring.networkConfig())
                    : null;
            var kernel = template.kind() == TemplateKind.KERNEL
                    ? new DomainSpec.KernelBoot(files.kernel(), files.initrd(), template.cmdline()) : null;
            hypervisor.define(new DomainSpec(domain, id, tenantId, size.vcpus(), size.memoryMiB(),
                    hypervisor.accelerator(), kernel, List.of(diskPath), serialLogOf(domain, local), wiring.nics(),
                    seed));
        } catch (RuntimeException | IOException e) {
            wiring.settle();
            throw e;
        }
        return wiring;
    }

    private record TemplateFiles(Path base, Path kernel, Path initrd) {
    }

    record GuestRequest(CloudInit.Guest guest, String password) {
    }

    /** What cloud-init gets, checked before anything is reserved: the caller's chosen keys, YAML, a password. */
    GuestRequest guestRequest(CreateMachine cmd, Template template) {
        boolean wantsPassword = Boolean.TRUE.equals(cmd.password());
        if (!template.cloudInit()) {
            if (cmd.userData() != null && !cmd.userData().isBlank()) {
                throw new InvalidInputException("userData", "machines.no-cloud-init");
            }
            if (wantsPassword) {
                throw new InvalidInputException("password", "machines.no-cloud-init");
            }
            return new GuestRequest(null, null);
        }
        if (wantsPassword && template.defaultUser() == null) {
            throw new InvalidInputException("password", "machines.password-no-user");
        }
        var config = CloudInit.parseUserData(cmd.userData());
        var own = sshKeys.listOwn();
        List<String> keys;
        if (cmd.sshKeyIds() == null) {
            keys = own.stream().map(k -> k.publicKey()).toList();
        } else {
            keys = new ArrayList<>();
            for (UUID keyId : new LinkedHashSet<>(cmd.sshKeyIds())) {
                keys.add(own.stream().filter(k -> k.id().equals(keyId)).findFirst()
                        .orElseThrow(() -> new InvalidInputException("sshKeyIds", "machines.ssh-key-unknown"))
                        .publicKey());
            }
        }
        String password = wantsPassword ? CloudInit.generatePassword() : null;
        var guest = new CloudInit.Guest(keys, template.defaultUser(), password == null ? null : CloudInit.hash(password),
                config);
        // checked here, before any quota is reserved: keys and user-data together must fit the seed
        if (CloudInit.userData(cmd.name() == null ? "" : cmd.name(), guest).getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length > CloudInit.MAX_MERGED_USER_DATA_BYTES) {
            throw new InvalidInputException("sshKeyIds", "machines.user-data-merged-too-long",
                    CloudInit.MAX_MERGED_USER_DATA_BYTES / 1024);
        }
        return new GuestRequest(guest, password);
    }

    /**
     * The template's files in the host's pool (copied unless there already); each 10 % shows in the state. Creates
     * on this node wait for a copy in progress to the same host.
     */
    private TemplateFiles copyTemplate(UUID machineId, Template template, TemplateFiles files, Hypervisor hypervisor,
                                       String hostName) {
        String prefix = templatePrefix(template.id());
        synchronized (templateCopies.computeIfAbsent(hostName + "/" + prefix, k -> new Object())) {
            return copyTemplateFiles(machineId, template, files, hypervisor, hostName, prefix);
        }
    }

    private TemplateFiles copyTemplateFiles(UUID machineId, Template template, TemplateFiles files,
                                            Hypervisor hypervisor, String hostName, String prefix) {
        var shown = new int[] {-1};
        java.util.function.DoubleConsumer progress = share -> {
            int percent = (int) (share * 100) / 10 * 10;
            if (percent != shown[0]) {
                shown[0] = percent;
                update(machineId, e -> e.setState(MachineState.CREATING,
                        "copying template " + template.name() + ": " + percent + " %"));
            }
        };
        Path base = files.base() == null ? null : hypervisor.copyToPool(prefix + ".base", files.base(), progress);
        Path kernel = files.kernel() == null ? null : hypervisor.copyToPool(prefix + ".kernel", files.kernel(),
                progress);
        Path initrd = files.initrd() == null ? null : hypervisor.copyToPool(prefix + ".initrd", files.initrd(),
                progress);
        update(machineId, e -> e.setState(MachineState.CREATING, null));
        return new TemplateFiles(base, kernel, initrd);
    }

    // --- lifecycle --------------------------------------------------------------------------------------------

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine start(UUID id, AuditSource source) {
        requireActive(get(id).tenantId());
        var before = transition(id, MachineAction.START, source,
                e -> e.setState(MachineState.STARTING, null));
        return act(before, "start", source, () -> boot(hypervisor(before), id, before.domainName()), e -> {
            if (e.getState() == MachineState.STARTING) {
                e.setState(MachineState.RUNNING, null);
            }
        });
    }

    /**
     * Starts the machine's domain on its host, after making sure of what its interfaces need there: the tenant's
     * network as the host's mode says (made again when missing) and the machine's DHCP reservation; a machine made
     * before private addresses gets its address here. Every start goes through this.
     */
    void boot(Hypervisor hypervisor, UUID id, String domain) {
        nics.prepareStart(hypervisor, id);
        hypervisor.start(domain);
    }

    /** Graceful shutdown (ACPI); the machine is powered off if it has not stopped by the deadline. */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine shutdown(UUID id, AuditSource source) {
        var before = transition(id, MachineAction.SHUTDOWN, source,
                e -> e.startShutdown(clock.instant().plus(shutdownTimeout)));
        return act(before, "shutdown", source, () -> hypervisor(before).shutdown(before.domainName()),
                e -> { });
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine powerOff(UUID id, AuditSource source) {
        var before = transition(id, MachineAction.POWEROFF, source, e -> { });
        return act(before, "poweroff", source, () -> hypervisor(before).destroy(before.domainName()),
                e -> e.setState(MachineState.STOPPED, null));
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine reboot(UUID id, AuditSource source) {
        var before = transition(id, MachineAction.REBOOT, source, e -> { });
        return act(before, "reboot", source, () -> hypervisor(before).reboot(before.domainName()),
                e -> { });
    }

    /**
     * New vCPU and memory sizes and a larger disk for a stopped machine (null keeps a size). What grows is checked
     * against the quota and taken in the same transaction under the tenant's quota lock; shrinking vCPUs or memory
     * is always allowed, shrinking the disk never. If the hypervisor refuses, the old sizes are restored.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine resize(UUID id, Integer vcpus, Integer memoryMiB, Integer diskGiB, AuditSource source) {
        var caller = CurrentUser.require();
        var current = get(id);
        Template template;
        try {
            template = templates.get(current.templateId());
        } catch (NotFoundException e) {
            template = null; // the template was removed: only the general limits apply
        }
        int newVcpus = Validation.range("vcpus", vcpus == null ? current.vcpus() : vcpus,
                template == null ? 1 : template.minVcpus(), MAX_VCPUS);
        int newMemory = Validation.range("memoryMiB", memoryMiB == null ? current.memoryMiB() : memoryMiB,
                template == null ? 64 : template.minMemoryMiB(), MAX_MEMORY_MIB);
        int newDisk = Validation.range("diskGiB", diskGiB == null ? current.diskGiB() : diskGiB,
                current.diskGiB(), MAX_DISK_GIB);
        Machine before;
        try {
            before = tx.execute(s -> {
                var e = machines.lockById(current.id()).orElseThrow(() -> new NotFoundException("machine"));
                var old = e.toMachine();
                if (!MachineAction.RESIZE.allowedIn(e.getState())) {
                    throw new ConflictException("machines.resize-stopped-only", e.getState().name());
                }
                var growth = new Resources(Math.max(0, newVcpus - old.vcpus()),
                        Math.max(0, newMemory - old.memoryMiB()), Math.max(0, newDisk - old.diskGiB()), 0);
                quotas.checkAndLock(old.tenantId(), growth, () -> usage(old.tenantId()));
                e.resize(newVcpus, newMemory, newDisk);
                return old;
            });
        } catch (RuntimeException e) {
            audit.refused(caller.username(), current.tenantId(), "machine.resize", current.name(), source, null, e);
            throw e;
        }
        var hypervisor = hypervisor(before);
        try {
            hypervisor.resize(before.domainName(), newVcpus, newMemory);
            if (newDisk > before.diskGiB()) {
                hypervisor.growDisk(hypervisor.diskVolume(before.domainName()), newDisk);
            }
        } catch (RuntimeException e) {
            try {
                hypervisor.resize(before.domainName(), before.vcpus(), before.memoryMiB());
            } catch (RuntimeException again) {
                log.warn("resize of {} failed and its old sizes could not be restored: {}", before.domainName(),
                        again.getMessage());
            }
            update(id, m -> m.resize(before.vcpus(), before.memoryMiB(), before.diskGiB()));
            audit.refused(caller.username(), before.tenantId(), "machine.resize", before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
        var after = update(id, m -> { });
        audit.record(caller.username(), before.tenantId(), "machine.resize", before.name(), AuditOutcome.SUCCESS,
                source, "vcpus " + before.vcpus() + "->" + newVcpus + " memoryMiB " + before.memoryMiB() + "->"
                        + newMemory + " diskGiB " + before.diskGiB() + "->" + newDisk);
        return after.toMachine();
    }

    /**
     * Operators: records that a stopped machine now lives on another host, after its domain and volumes were moved
     * there by hand (see "Draining a host" in the README). Refused unless the domain is defined (and shut off) on the
     * target host and gone from the old one, so the record never points where the machine is not.
     */
    @PreAuthorize("hasRole('ADMIN')")
    public Machine moveToHost(UUID id, UUID hostId, AuditSource source) {
        var caller = CurrentUser.require();
        if (hostId == null) {
            throw new InvalidInputException("hostId", "validation.required");
        }
        var target = hosts.hosts().stream().filter(h -> h.id().equals(hostId)).findFirst()
                .orElseThrow(() -> new InvalidInputException("hostId", "machines.move-host-unknown"));
        var before = transition(id, MachineAction.MOVE, source, e -> { });
        String problem = null;
        if (before.hostId() != null && before.hostId().equals(hostId)
                || before.hostId() == null && hosts.isLocal(target)) {
            problem = "machines.move-same-host";
        } else if (hosts.of(target).state(before.domainName()).orElse(null) != DomainState.SHUT_OFF) {
            problem = "machines.move-not-on-target";
        } else if (hypervisor(before).state(before.domainName()).isPresent()) {
            problem = "machines.move-still-on-source";
        }
        if (problem != null) {
            audit.record(caller.username(), before.tenantId(), "machine.move", before.name(), AuditOutcome.DENIED,
                    source, problem, "host=" + target.name());
            throw new ConflictException(problem);
        }
        var after = update(id, e -> {
            e.moveTo(hostId);
            e.setState(MachineState.STOPPED, null); // the domain is defined and shut off on its new host
        });
        audit.record(caller.username(), before.tenantId(), "machine.move", before.name(), AuditOutcome.SUCCESS,
                source, null, "to host " + target.name());
        return after.toMachine();
    }

    /** Removes the machine: domain, disk and boot log on the host, then the row (which frees its quota). */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public void delete(UUID id, AuditSource source) {
        var before = transition(id, MachineAction.DELETE, source, e -> {
            if (e.isDeleteProtected()) {
                audit.record(CurrentUser.require().username(), e.getTenantId(), "machine.delete", e.getName(),
                        AuditOutcome.DENIED, source, "delete protection");
                throw new ConflictException("machines.delete-protected");
            }
            e.setState(MachineState.DELETING, null);
            operations.begin(id, MachineOperations.DELETE);
        });
        var caller = CurrentUser.require();
        var hypervisor = hypervisor(before);
        try {
            hypervisor.destroy(before.domainName());
            hypervisor.undefine(before.domainName());
            hypervisor.volumes(before.domainName() + ".").forEach(hypervisor::deleteDisk);
            deleteSerialLog(before.hostId(), before.domainName());
            nics.unwire(hypervisor, id, before.tenantId(), before.mac(), before.privateIpv4());
            tx.executeWithoutResult(s -> {
                nics.releasePublic(id); // into their cooldown: not another tenant's for VIREO_IP_COOLDOWN
                machines.deleteById(id); // its operation with it
            });
            events.publishEvent(new MachineChanged(id, before.tenantId(), MachineState.DELETING, true));
            audit.record(caller.username(), before.tenantId(), "machine.delete", before.name(), AuditOutcome.SUCCESS,
                    source, "id=" + id);
        } catch (RuntimeException e) {
            update(id, m -> m.setState(MachineState.ERROR, "delete failed"));
            operations.end(id);
            audit.refused(caller.username(), before.tenantId(), "machine.delete", before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
    }

    // --- internals shared with the state sync -----------------------------------------------------------------

    ApplicationEventPublisher events() {
        return events;
    }

    /**
     * A suspended tenant's users may still hold a session from before; they can stop and delete, but not
     * create, start or open consoles.
     */
    public void requireActive(UUID tenantId) {
        if (tenantId != null && !tenantGate.isActive(tenantId)) {
            throw new ConflictException("tenants.suspended");
        }
    }

    /** Whether the machine is in a long operation (on any node). */
    boolean isInFlight(UUID id) {
        return operations.busy(id);
    }

    /** The hypervisor of the host the machine lives on. */
    private Hypervisor hypervisor(Machine machine) {
        return hosts.of(machine.hostId());
    }

    /** The console proxy next to the machine's host; empty: the portal's own proxy reaches it. */
    public java.util.Optional<String> consoleUrl(Machine machine) {
        return hosts.consoleUrl(machine.hostId());
    }

    /** Where the machine's VNC server listens, on its host (empty when it is not running). */
    public java.util.Optional<VncEndpoint> vncEndpoint(Machine machine) {
        return hypervisor(machine).vncEndpoint(machine.domainName());
    }

    /** Where a running machine's serial console listens on its host (for console tickets). */
    public java.util.Optional<String> serialSocket(Machine machine) {
        return hypervisor(machine).serialSocket(machine.domainName());
    }

    /**
     * In the transaction that makes a machine use a template or ISO: a delete of it cannot slip in between (the
     * template's row is locked until the transaction ends); a deleted one is bad input on {@code field}.
     */
    void holdTemplate(UUID templateId, String field, String unknownKey) {
        try {
            templates.holdForUse(templateId);
        } catch (NotFoundException e) {
            throw new InvalidInputException(field, unknownKey);
        }
    }

    /**
     * Where a domain's serial port writes: the portal's log directory on its own host; on any other host libvirt's
     * log directory there (the portal never opens another host's files; guest output from there is read through
     * the host, not here).
     */
    Path serialLogOf(String domainName, boolean localHost) {
        return (localHost ? logDir : HOST_LOG_DIR).resolve(domainName + ".serial.log");
    }

    private static final Path HOST_LOG_DIR = Path.of("/var/log/libvirt/qemu");

    /** Removes the serial log the portal keeps for a machine of its own host (other hosts keep theirs). */
    private void deleteSerialLog(UUID hostId, String domainName) {
        if (hosts.isLocal(hostId)) {
            deleteQuietly(serialLogOf(domainName, true));
        }
    }

    /** Volumes holding a template's files copied into a host's pool: {@code vireo-template-<id>.base|kernel|initrd}. */
    static String templatePrefix(UUID templateId) {
        return "vireo-template-" + templateId;
    }

    static String volumeName(String domainName) {
        return domainName + ".qcow2";
    }

    static String seedName(String domainName) {
        return domainName + ".seed.iso";
    }

    /**
     * Removes a machine's domain, volumes (disk, snapshots, seed) and log from the host, ignoring what is already
     * gone; returns whether all of it is gone (false when libvirt could not be reached or refused a step).
     */
    boolean removeFromHost(UUID hostId, String domain) {
        var hypervisor = hosts.of(hostId);
        var machine = machines.findByDomainName(domain);
        boolean clean = true;
        for (Runnable step : List.<Runnable>of(() -> hypervisor.destroy(domain), () -> hypervisor.undefine(domain),
                () -> hypervisor.volumes(domain + ".").forEach(hypervisor::deleteDisk),
                () -> deleteSerialLog(hostId, domain),
                () -> machine.ifPresent(m -> nics.unwire(hypervisor, m.getId(), m.getTenantId(), m.getMac(),
                        m.getPrivateIpv4())))) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("clean-up of {}: {}", domain, e.getMessage());
                clean = false;
            }
        }
        return clean;
    }

    /** Gives a machine's public addresses back (into their cooldown) before its row goes; in the caller's tx. */
    void releasePublic(UUID id) {
        nics.releasePublic(id);
    }

    /** ENOSPC from qemu-img or libvirt, anywhere in the cause chain. */
    private static boolean storageFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && (t.getMessage().contains("No space left on device")
                    || t.getMessage().contains("not enough free space"))) {
                return true;
            }
        }
        return false;
    }

    private MachineEntity update(UUID id, Consumer<MachineEntity> change) {
        return transitions.update(id, change);
    }

    void publish(MachineEntity e) {
        transitions.publish(e);
    }

    private MachineEntity scoped(UUID id) {
        var caller = CurrentUser.require();
        var found = caller.isAdmin() ? machines.findById(id) : machines.findByIdAndTenantId(id, caller.tenantId());
        return found.orElseThrow(() -> new NotFoundException("machine"));
    }

    private Machine transition(UUID id, MachineAction action, AuditSource source, Consumer<MachineEntity> change) {
        return transitions.transition(id, action, source, change);
    }

    private Machine act(Machine before, String action, AuditSource source, Runnable hypervisorCall,
                        Consumer<MachineEntity> onSuccess) {
        var caller = CurrentUser.require();
        try {
            hypervisorCall.run();
        } catch (RuntimeException e) {
            update(before.id(), m -> m.setState(before.state(), action + " failed"));
            audit.refused(caller.username(), before.tenantId(), "machine." + action, before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
        var after = update(before.id(), onSuccess);
        audit.record(caller.username(), before.tenantId(), "machine." + action, before.name(), AuditOutcome.SUCCESS,
                source, "id=" + before.id());
        return after.toMachine();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", p, e.getMessage());
        }
    }
}
