package org.vireo.machines;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.OperationFailedException;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.VncEndpoint;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;
import org.vireo.security.TenantGate;

/**
 * Tenants' machines: create from a template within the quota, start, shut down, power off, reboot, resize, delete.
 * Every call is authorized here and scoped to the caller's tenant (operators see all); another tenant's machine
 * is "not found". The work is done by the package's parts: {@link MachineQueries} (reads and usage),
 * {@link MachineProvisioning} (the create saga), {@link MachineResizes}; the short lifecycle calls are here.
 */
@Service
@EnableConfigurationProperties(MachineSettings.class)
@PreAuthorize("isAuthenticated()")
public class MachineService {
    private final MachineQueries queries;
    private final MachineProvisioning provisioning;
    private final MachineResizes resizes;
    private final MachineTransitions transitions;
    private final MachineOperations operations;
    private final MachineBoots boots;
    private final HostFootprint footprint;
    private final MachineRepository machines;
    private final TenantGate tenantGate;
    private final HostConnections hosts;
    private final PrivateNics nics;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration shutdownTimeout;
    private final Clock clock = Clock.systemUTC();

    MachineService(
            MachineQueries queries,
            MachineProvisioning provisioning,
            MachineResizes resizes,
            MachineTransitions transitions,
            MachineOperations operations,
            MachineBoots boots,
            HostFootprint footprint,
            MachineRepository machines,
            TenantGate tenantGate,
            HostConnections hosts,
            PrivateNics nics,
            AuditLog audit,
            ApplicationEventPublisher events,
            PlatformTransactionManager txManager,
            MachineSettings settings) {
        this.queries = queries;
        this.provisioning = provisioning;
        this.resizes = resizes;
        this.transitions = transitions;
        this.operations = operations;
        this.boots = boots;
        this.footprint = footprint;
        this.machines = machines;
        this.tenantGate = tenantGate;
        this.hosts = hosts;
        this.nics = nics;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
        this.shutdownTimeout = settings.shutdownTimeout();
    }

    // --- reads ------------------------------------------------------------------------------------------------

    /** A page of machines: the caller's tenant's, or for operators all (or one tenant's when filtered). */
    public Page<Machine> list(Pageable page, UUID tenantFilter) {
        return queries.list(page, MachineQuery.ofTenant(tenantFilter));
    }

    /** A page of the machines the query matches, within the caller's tenant (operators: all, or the query's). */
    public Page<Machine> list(Pageable page, MachineQuery query) {
        return queries.list(page, query);
    }

    public long count(UUID tenantFilter) {
        return queries.count(MachineQuery.ofTenant(tenantFilter));
    }

    public long count(MachineQuery query) {
        return queries.count(query);
    }

    /** Operators: machines the hypervisor paused on a disk error, for the dashboard's flag. */
    @PreAuthorize("hasRole('ADMIN')")
    public List<Machine> paused() {
        return queries.paused();
    }

    /** Operators: per state, the number of machines and the vCPUs, memory and disk they have. */
    @PreAuthorize("hasRole('ADMIN')")
    public Map<MachineState, Resources> totalsByState() {
        return queries.totalsByState();
    }

    public Machine get(UUID id) {
        return queries.get(id);
    }

    /**
     * The file the machine's first serial port writes to (boot messages), on the machine's host: a file the portal
     * can read only for machines of its own host.
     */
    public Path serialLog(UUID id) {
        return queries.serialLog(id);
    }

    // --- create -----------------------------------------------------------------------------------------------

    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine create(CreateMachine cmd, AuditSource source) {
        return provision(cmd, source).machine();
    }

    /** A new machine and, when asked for, the generated password of its template's user (shown once). */
    public record Provisioned(Machine machine, String initialPassword) {}

    /** {@link #create}, handing back the generated password, which is never stored nor logged. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Provisioned provision(CreateMachine cmd, AuditSource source) {
        requireActive(CurrentUser.require().tenantId());
        return provisioning.provision(cmd, source);
    }

    // --- lifecycle --------------------------------------------------------------------------------------------

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine start(UUID id, AuditSource source) {
        requireActive(get(id).tenantId());
        var before = transitions.transition(id, MachineAction.START, source, e -> e.starting(null));
        return act(before, "start", source, () -> boots.boot(hypervisor(before), id, before.domainName()), e -> {
            if (e.getState() == MachineState.STARTING) {
                e.running(null);
            }
        });
    }

    /** Graceful shutdown (ACPI); the machine is powered off if it has not stopped by the deadline. */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine shutdown(UUID id, AuditSource source) {
        var before = transitions.transition(
                id,
                MachineAction.SHUTDOWN,
                source,
                e -> e.startShutdown(clock.instant().plus(shutdownTimeout)));
        return act(before, "shutdown", source, () -> hypervisor(before).shutdown(before.domainName()), e -> {});
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine powerOff(UUID id, AuditSource source) {
        var before = transitions.transition(id, MachineAction.POWEROFF, source, e -> {});
        return act(
                before,
                "poweroff",
                source,
                () -> hypervisor(before).destroy(before.domainName()),
                e -> e.stopped(null));
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine reboot(UUID id, AuditSource source) {
        var before = transitions.transition(id, MachineAction.REBOOT, source, e -> {});
        return act(before, "reboot", source, () -> hypervisor(before).reboot(before.domainName()), e -> {});
    }

    /** See {@link MachineResizes}. */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine resize(UUID id, Integer vcpus, Integer memoryMiB, Integer diskGiB, AuditSource source) {
        return resizes.resize(id, vcpus, memoryMiB, diskGiB, source);
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
        var target = hosts.hosts().stream()
                .filter(h -> h.id().equals(hostId))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("hostId", "machines.move-host-unknown"));
        var before = transitions.transition(id, MachineAction.MOVE, source, e -> {});
        String problem = null;
        if (before.hostId().equals(hostId)) {
            problem = "machines.move-same-host";
        } else if (hosts.of(target).state(before.domainName()).orElse(null) != DomainState.SHUT_OFF) {
            problem = "machines.move-not-on-target";
        } else if (hypervisor(before).state(before.domainName()).isPresent()) {
            problem = "machines.move-still-on-source";
        }
        if (problem != null) {
            audit.record(
                    caller.username(),
                    before.tenantId(),
                    "machine.move",
                    before.name(),
                    AuditOutcome.DENIED,
                    source,
                    problem,
                    "host=" + target.name());
            throw new ConflictException(problem);
        }
        var after = transitions.update(id, e -> {
            e.moveTo(hostId);
            e.stopped(null); // the domain is defined and shut off on its new host
        });
        audit.record(
                caller.username(),
                before.tenantId(),
                "machine.move",
                before.name(),
                AuditOutcome.SUCCESS,
                source,
                null,
                "to host " + target.name());
        return after.toMachine();
    }

    /** Removes the machine: domain, disk and boot log on the host, then the row (which frees its quota). */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public void delete(UUID id, AuditSource source) {
        var before = transitions.transition(id, MachineAction.DELETE, source, e -> {
            if (e.isDeleteProtected()) {
                audit.record(
                        CurrentUser.require().username(),
                        e.getTenantId(),
                        "machine.delete",
                        e.getName(),
                        AuditOutcome.DENIED,
                        source,
                        "delete protection");
                throw new ConflictException("machines.delete-protected");
            }
            e.deleting();
            operations.begin(id, MachineOperations.DELETE);
        });
        var caller = CurrentUser.require();
        var hypervisor = hypervisor(before);
        try {
            hypervisor.destroy(before.domainName());
            hypervisor.undefine(before.domainName());
            hypervisor.volumes(before.domainName() + ".").forEach(hypervisor::deleteDisk);
            footprint.deleteSerialLog(before.hostId(), before.domainName());
            nics.unwire(hypervisor, id, before.tenantId(), before.mac(), before.privateIpv4());
            tx.executeWithoutResult(s -> {
                nics.releasePublic(id); // into their cooldown: not another tenant's for VIREO_IP_COOLDOWN
                machines.deleteById(id); // its operation with it
            });
            events.publishEvent(new MachineChanged(id, before.tenantId(), MachineState.DELETING, true));
            audit.record(
                    caller.username(),
                    before.tenantId(),
                    "machine.delete",
                    before.name(),
                    AuditOutcome.SUCCESS,
                    source,
                    "id=" + id);
        } catch (RuntimeException e) {
            transitions.update(id, m -> m.failed("delete failed"));
            operations.end(id);
            audit.refused(caller.username(), before.tenantId(), "machine.delete", before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
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

    /** The console proxy next to the machine's host; empty: the portal's own proxy reaches it. */
    public Optional<String> consoleUrl(Machine machine) {
        return hosts.consoleUrl(machine.hostId());
    }

    /** Where the machine's VNC server listens, on its host (empty when it is not running). */
    public Optional<VncEndpoint> vncEndpoint(Machine machine) {
        return hypervisor(machine).vncEndpoint(machine.domainName());
    }

    /** Where a running machine's serial console listens on its host (for console tickets). */
    public Optional<String> serialSocket(Machine machine) {
        return hypervisor(machine).serialSocket(machine.domainName());
    }

    /** The hypervisor of the host the machine lives on. */
    private Hypervisor hypervisor(Machine machine) {
        return hosts.of(machine.hostId());
    }

    private Machine act(
            Machine before,
            String action,
            AuditSource source,
            Runnable hypervisorCall,
            Consumer<MachineEntity> onSuccess) {
        var caller = CurrentUser.require();
        try {
            hypervisorCall.run();
        } catch (RuntimeException e) {
            transitions.update(before.id(), m -> m.restored(before.state(), action + " failed"));
            audit.refused(caller.username(), before.tenantId(), "machine." + action, before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
        var after = transitions.update(before.id(), onSuccess);
        audit.record(
                caller.username(),
                before.tenantId(),
                "machine." + action,
                before.name(),
                AuditOutcome.SUCCESS,
                source,
                "id=" + before.id());
        return after.toMachine();
    }
}
