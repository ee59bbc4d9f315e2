package org.vireo.machines;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.machines.internal.SnapshotEntity;
import org.vireo.machines.internal.SnapshotRepository;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;

/**
 * Disk snapshots of a machine, running or stopped: external qcow2 overlays in one chain, oldest at the bottom.
 * Taking one freezes the disk's current volume and continues on a new overlay; reverting powers the machine off,
 * puts a fresh overlay on the snapshot's volume (dropping newer snapshots, whose volumes sit above it) and starts
 * the machine again if it ran; deleting one merges the volume above it into its volume. Each snapshot counts one
 * against the tenant's snapshot limit and the machine's disk size against its disk quota, checked and taken under
 * the tenant's quota lock. One disk operation per machine at a time; lifecycle actions wait for it ("busy").
 */
@Service
@PreAuthorize("isAuthenticated()")
public class SnapshotService {
    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);

    private final MachineService machines;
    private final SnapshotRepository snapshots;
    private final QuotaService quotas;
    private final OperationRunner runner;
    private final MachineRepository repository;
    private final MachineQueries queries;
    private final MachineBoots boots;
    private final MachineBackups backups;

    SnapshotService(
            MachineService machines,
            SnapshotRepository snapshots,
            QuotaService quotas,
            OperationRunner runner,
            MachineRepository repository,
            MachineQueries queries,
            MachineBoots boots,
            MachineBackups backups) {
        this.backups = backups;
        this.queries = queries;
        this.boots = boots;
        this.machines = machines;
        this.snapshots = snapshots;
        this.quotas = quotas;
        this.runner = runner;
        this.repository = repository;
    }

    /** The machine's snapshots, oldest first; another tenant's machine is "not found". */
    public List<Snapshot> list(UUID machineId) {
        var machine = machines.get(machineId);
        return snapshots.findByMachineIdOrderByCreatedAtAscIdAsc(machine.id()).stream()
                .map(SnapshotEntity::toSnapshot)
                .toList();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Snapshot take(UUID machineId, String name, AuditSource source) {
        var machine = machines.get(machineId);
        machines.requireActive(machine.tenantId());
        String label = Validation.name("name", name);
        return runner.on(machine, MachineAction.SNAPSHOT, "machine.snapshot.create", source)
                .work((before, hypervisor) -> {
                    dropIncomplete(hypervisor, machine);
                    String frozen = hypervisor.diskVolume(machine.domainName());
                    var entity = runner.inTransaction(() -> {
                        var locked = lockInState(machine);
                        quotas.checkAndLock(
                                machine.tenantId(),
                                new Resources(0, 0, locked.diskGiB(), 0, 1),
                                () -> queries.usage(machine.tenantId()));
                        if (snapshots.existsByMachineIdAndName(machine.id(), label)) {
                            throw new InvalidInputException("name", "snapshots.name-taken");
                        }
                        return snapshots.saveAndFlush(
                                new SnapshotEntity(machine.id(), machine.tenantId(), label, frozen, locked.diskGiB()));
                    });
                    try {
                        hypervisor.snapshotDisk(machine.domainName(), overlayName(machine));
                    } catch (RuntimeException e) {
                        runner.inTransaction(() -> snapshots.deleteById(entity.getId()));
                        throw e;
                    }
                    return entity.toSnapshot();
                })
                .audit(taken -> "snapshot=" + label + " id=" + taken.id())
                .run();
    }

    /**
     * Returns the machine's disk to the snapshot. A running machine is powered off first and started again
     * afterwards; snapshots taken after this one are deleted (their volumes build on the state being left).
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine revert(UUID machineId, UUID snapshotId, AuditSource source) {
        var machine = machines.get(machineId);
        return runner.on(machine, MachineAction.SNAPSHOT, "machine.snapshot.revert", source)
                .work((before, hypervisor) -> {
                    var locked = runner.inTransaction(() -> lockInState(machine));
                    dropIncomplete(hypervisor, machine);
                    var revert = SnapshotChain.revert(
                            snapshots.findByMachineIdOrderByCreatedAtAscIdAsc(machine.id()), snapshotId);
                    var target = revert.target();
                    boolean wasRunning = hypervisor.state(machine.domainName()).orElse(null) == DomainState.RUNNING;
                    String oldDisk = hypervisor.diskVolume(machine.domainName());
                    hypervisor.destroy(machine.domainName());
                    hypervisor.resetDisk(
                            machine.domainName(), target.getVolume(), overlayName(machine), locked.diskGiB());
                    backups.forgetCheckpoints(machine, hypervisor, null); // no backup counts changes from this disk
                    var newer = revert.newer();
                    runner.inTransaction(() -> snapshots.deleteAllById(
                            newer.stream().map(SnapshotEntity::getId).toList()));
                    for (String volume : revert.volumesToDelete(oldDisk)) {
                        try {
                            hypervisor.deleteDisk(volume);
                        } catch (RuntimeException e) {
                            // left for the machine's delete, which removes all its volumes
                            log.warn(
                                    "volume {} of {} not deleted after a revert: {}",
                                    volume,
                                    machine.domainName(),
                                    e.getMessage());
                        }
                    }
                    if (wasRunning) {
                        boots.boot(hypervisor, machine.id(), machine.domainName());
                    }
                    var after = runner.update(machine.id(), m -> m.upAfterwards(wasRunning, null));
                    return new Reverted(
                            after.toMachine(),
                            "snapshot=" + target.toSnapshot().name() + " dropped newer=" + newer.size()
                                    + (wasRunning ? " restarted" : ""));
                })
                .audit(Reverted::detail)
                .run()
                .machine();
    }

    private record Reverted(Machine machine, String detail) {}

    /** Deletes the snapshot: the volume above it in the chain is merged into its volume (also while running). */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public void delete(UUID machineId, UUID snapshotId, AuditSource source) {
        var machine = machines.get(machineId);
        runner.on(machine, MachineAction.SNAPSHOT, "machine.snapshot.delete", source)
                .work((before, hypervisor) -> {
                    runner.inTransaction(() -> lockInState(machine));
                    dropIncomplete(hypervisor, machine);
                    var delete = SnapshotChain.delete(
                            snapshots.findByMachineIdOrderByCreatedAtAscIdAsc(machine.id()), snapshotId);
                    var target = delete.target();
                    var next = delete.next();
                    String above = next != null ? next.getVolume() : hypervisor.diskVolume(machine.domainName());
                    hypervisor.mergeDisk(machine.domainName(), target.getVolume(), above);
                    runner.inTransaction(() -> {
                        if (next != null) {
                            // the next snapshot's state now lives in the merged volume
                            snapshots.findById(next.getId()).ifPresent(n -> n.setVolume(target.getVolume()));
                        }
                        snapshots.deleteById(target.getId());
                    });
                    return target.toSnapshot().name();
                })
                .audit(name -> "snapshot=" + name)
                .run();
    }

    /**
     * A snapshot row whose volume is still the disk the machine writes to never froze anything: the node taking
     * it died between recording it and libvirt's snapshot. Such rows are removed before any snapshot work.
     */
    private void dropIncomplete(Hypervisor hypervisor, Machine machine) {
        String active = hypervisor.diskVolume(machine.domainName());
        var incomplete =
                SnapshotChain.incomplete(snapshots.findByMachineIdOrderByCreatedAtAscIdAsc(machine.id()), active);
        if (!incomplete.isEmpty()) {
            log.warn(
                    "removing {} snapshot record(s) of {} that were never taken",
                    incomplete.size(),
                    machine.domainName());
            runner.inTransaction(() -> snapshots.deleteAllById(incomplete));
        }
    }

    /** Locks the machine row and checks that disk snapshots may be worked on in its state. */
    private Machine lockInState(Machine machine) {
        var e = repository.lockById(machine.id()).orElseThrow(() -> new NotFoundException("machine"));
        if (!MachineAction.SNAPSHOT.allowedIn(e.getState())) {
            throw new ConflictException("machines.wrong-state", e.getState().name());
        }
        return e.toMachine();
    }

    static String overlayName(Machine machine) {
        return machine.domainName() + ".o" + UUID.randomUUID().toString().substring(0, 8) + ".qcow2";
    }
}
