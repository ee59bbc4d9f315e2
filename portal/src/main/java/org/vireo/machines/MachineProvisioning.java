package org.vireo.machines;

import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;
import org.vireo.templates.TemplateService;

/**
 * The create saga: validate, check the quota, place, reserve (the CREATING row under the tenant's quota lock),
 * build on the host (network, template files, disk, seed, domain), start, and on a failure anywhere remove what
 * was made (domain, disk, row) and so release the reservation. Hypervisor work runs outside transactions.
 */
@Component
class MachineProvisioning {
    private static final Logger log = LoggerFactory.getLogger(MachineProvisioning.class);
    static final int MAX_VCPUS = 64;
    static final int MAX_MEMORY_MIB = 1024 * 1024;
    static final int MAX_DISK_GIB = 16 * 1024;

    private final MachineRepository machines;
    private final TemplateService templates;
    private final TemplateHolds templateHolds;
    private final TemplateStaging staging;
    private final GuestRequests guestRequests;
    private final QuotaService quotas;
    private final HostConnections hosts;
    private final Placement placement;
    private final PrivateNics nics;
    private final MachineOperations operations;
    private final MachineTransitions transitions;
    private final HostFootprint footprint;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    MachineProvisioning(
            MachineRepository machines,
            TemplateService templates,
            TemplateHolds templateHolds,
            TemplateStaging staging,
            GuestRequests guestRequests,
            QuotaService quotas,
            HostConnections hosts,
            Placement placement,
            PrivateNics nics,
            MachineOperations operations,
            MachineTransitions transitions,
            HostFootprint footprint,
            AuditLog audit,
            ApplicationEventPublisher events,
            PlatformTransactionManager txManager) {
        this.machines = machines;
        this.templates = templates;
        this.templateHolds = templateHolds;
        this.staging = staging;
        this.guestRequests = guestRequests;
        this.quotas = quotas;
        this.hosts = hosts;
        this.placement = placement;
        this.nics = nics;
        this.operations = operations;
        this.transitions = transitions;
        this.footprint = footprint;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
    }

    /** The caller's new machine, and the generated password when one was asked for. */
    MachineService.Provisioned provision(CreateMachine cmd, AuditSource source) {
        return provision(cmd, source, null);
    }

    /** As above, on host {@code onHost} (null: where placement chooses), or refused as having no room there. */
    MachineService.Provisioned provision(CreateMachine cmd, AuditSource source, UUID onHost) {
        var caller = CurrentUser.require();
        UUID tenantId = caller.tenantId();
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
        int vcpus = Validation.range(
                "vcpus", cmd.vcpus() == null ? template.vcpus() : cmd.vcpus(), template.minVcpus(), MAX_VCPUS);
        int memory = Validation.range(
                "memoryMiB",
                cmd.memoryMiB() == null ? template.memoryMiB() : cmd.memoryMiB(),
                template.minMemoryMiB(),
                MAX_MEMORY_MIB);
        int disk = Validation.range(
                "diskGiB",
                cmd.diskGiB() == null ? template.diskGiB() : cmd.diskGiB(),
                template.minDiskGiB(),
                MAX_DISK_GIB);
        boolean start = cmd.start() == null || cmd.start();
        var guestRequest = guestRequests.of(cmd, template);
        boolean publicIpv4 = Boolean.TRUE.equals(cmd.publicIpv4());
        var request = new Resources(vcpus, memory, disk, 1).withIpv4(publicIpv4 ? 1 : 0);
        long started = System.nanoTime();
        var choice = place(tenantId, name, request, Boolean.TRUE.equals(cmd.spread()), onHost, source);

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
                templateHolds.hold(template.id(), "templateId", "machines.template-unknown");
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
            transitions.publish(entity);
            audit.record(
                    caller.username(),
                    tenantId,
                    "machine.place",
                    name,
                    AuditOutcome.SUCCESS,
                    source,
                    null,
                    choice.explanation());
            var wiring = buildOnHost(
                    id,
                    tenantId,
                    name,
                    domain,
                    template,
                    new Resources(vcpus, memory, disk, 1),
                    choice.hostId(),
                    choice.local(),
                    choice.hostName(),
                    guestRequest.guest(),
                    id.toString());
            try {
                if (start) {
                    // the network was made sure of just now (wire); the DHCP reservation is made meanwhile, while
                    // QEMU starts (long before the guest asks for an address), and done before the 201
                    transitions.update(id, e -> e.starting(null));
                    hypervisor.start(domain);
                }
            } catch (RuntimeException e) {
                wiring.settle();
                throw e;
            }
            wiring.awaitReservation();
            var done = transitions.update(id, e -> {
                // An event may have moved it on already; only settle states this create set itself.
                if (e.getState() == MachineState.CREATING || e.getState() == MachineState.STARTING) {
                    e.upAfterwards(start, null);
                }
            });
            operations.end(id);
            audit.record(
                    caller.username(),
                    tenantId,
                    "machine.create",
                    name,
                    AuditOutcome.SUCCESS,
                    source,
                    "id=" + id + " template=" + template.name() + " vcpus=" + vcpus + " memoryMiB=" + memory
                            + " diskGiB=" + disk + " address=" + entity.getPrivateIpv4(),
                    "host=" + choice.hostName() + " network=" + TenantNetworks.networkName(tenantId));
            Metrics.counter("vireo.machine.creates", "outcome", "success").increment();
            Metrics.timer("vireo.machine.create.duration", "start", Boolean.toString(start))
                    .record(Duration.ofNanos(System.nanoTime() - started));
            return new MachineService.Provisioned(done.toMachine(), guestRequest.password());
        } catch (RuntimeException | IOException e) {
            throw rollBack(id, tenantId, name, domain, choice, source, e);
        }
    }

    /**
     * A host for the machine. Over its quota, a tenant hears about its quota, not about the hosts (checked again
     * under the lock when reserving).
     */
    private Placement.Choice place(
            UUID tenantId, String name, Resources request, boolean spread, UUID onHost, AuditSource source) {
        String user = CurrentUser.require().username();
        try {
            tx.executeWithoutResult(status -> quotas.checkAndLock(tenantId, request, () -> quotas.usage(tenantId)));
        } catch (RuntimeException e) {
            audit.refused(user, tenantId, "machine.create", name, source, null, e);
            Metrics.counter("vireo.machine.creates", "outcome", "denied").increment();
            throw e;
        }
        try {
            return onHost == null
                    ? placement.choose(tenantId, request, spread)
                    : placement.chooseOn(tenantId, request, onHost);
        } catch (Placement.NoRoomException e) {
            audit.record(
                    user,
                    tenantId,
                    "machine.create",
                    name,
                    AuditOutcome.DENIED,
                    source,
                    e.type(),
                    "no host: " + e.explanation);
            Metrics.counter("vireo.machine.creates", "outcome", "denied").increment();
            throw e;
        } catch (Placement.NoHostAvailableException e) {
            audit.record(
                    user,
                    tenantId,
                    "machine.create",
                    name,
                    AuditOutcome.FAILED,
                    source,
                    e.type(),
                    "no host answers: " + e.explanation);
            log.warn("create of {} refused, no host answers: {}", name, e.explanation);
            Metrics.counter("vireo.machine.creates", "outcome", "failed").increment();
            throw e;
        }
    }

    /**
     * Removes what a failed create made; the row (and so the reservation) goes only once the host is clean: no
     * orphan disk or domain. Returns what the caller is told.
     */
    private RuntimeException rollBack(
            UUID id,
            UUID tenantId,
            String name,
            String domain,
            Placement.Choice choice,
            AuditSource source,
            Exception e) {
        var failure = new CreateFailure(e);
        log.warn("create of machine {} ({}) failed, rolling back: {}", name, id, failure.reason());
        if (footprint.remove(choice.hostId(), domain)) {
            tx.executeWithoutResult(s -> machines.deleteById(id)); // its operation with it
            events.publishEvent(new MachineChanged(id, tenantId, MachineState.CREATING, true));
        } else {
            // The operation is given up, so that the next reconcile (on any node) finishes the clean-up.
            transitions.update(id, m -> m.building(CreateFailure.CLEAN_UP_PENDING));
            operations.abandon(id);
        }
        audit.record(
                CurrentUser.require().username(),
                tenantId,
                "machine.create",
                name,
                AuditOutcome.FAILED,
                source,
                null,
                failure.auditDetail(choice.hostName()));
        Metrics.counter("vireo.machine.creates", "outcome", "failed").increment();
        return failure.told();
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
    PrivateNics.Wiring buildOnHost(
            UUID id,
            UUID tenantId,
            String name,
            String domain,
            Template template,
            Resources size,
            UUID hostId,
            boolean local,
            String hostName,
            CloudInit.Guest guest,
            String instanceId)
            throws IOException {
        var hypervisor = hosts.of(hostId);
        var wiring = nics.wire(
                hypervisor, machines.findById(id).orElseThrow(() -> new NotFoundException("machine")), hostId);
        try {
            var files = staging.stage(id, template, hypervisor, local, hostName);
            Path diskPath = hypervisor.createDisk(
                    MachineNames.volumeName(domain), files.base(), template.imageFormat(), size.diskGiB());
            footprint.prepareLogDir();
            Path seed = template.cloudInit()
                    ? hypervisor.createSeed(
                            MachineNames.seedName(domain),
                            CloudInit.metaData(instanceId, name),
                            CloudInit.userData(name, guest),
                            wiring.networkConfig())
                    : null;
            var kernel = template.kind() == TemplateKind.KERNEL
                    ? new DomainSpec.KernelBoot(files.kernel(), files.initrd(), template.cmdline())
                    : null;
            hypervisor.define(new DomainSpec(
                    domain,
                    id,
                    tenantId,
                    size.vcpus(),
                    size.memoryMiB(),
                    hypervisor.accelerator(),
                    kernel,
                    List.of(diskPath),
                    footprint.serialLog(domain, local),
                    wiring.nics(),
                    seed));
        } catch (RuntimeException | IOException e) {
            wiring.settle();
            throw e;
        }
        return wiring;
    }
}
