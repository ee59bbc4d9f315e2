package org.vireo.machines;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.hypervisor.DiskBackups.BackupPool;
import org.vireo.machines.internal.BackupEntity;
import org.vireo.machines.internal.SnapshotEntity;
import org.vireo.machines.internal.SnapshotRepository;

/**
 * Restoring a backup (decision 023): onto the stopped machine, whose disk becomes a whole copy of the backup (the
 * disk it had and its snapshots go, and so do its checkpoints), or as a new machine on the host that holds it.
 */
@Service
public class BackupRestores {
    private static final Logger log = LoggerFactory.getLogger(BackupRestores.class);

    private final MachineService machines;
    private final MachineBackups backups;
    private final SnapshotRepository snapshots;
    private final OperationRunner runner;
    private final MachineProvisioning provisioning;

    BackupRestores(
            MachineService machines,
            MachineBackups backups,
            SnapshotRepository snapshots,
            OperationRunner runner,
            MachineProvisioning provisioning) {
        this.machines = machines;
        this.backups = backups;
        this.snapshots = snapshots;
        this.runner = runner;
        this.provisioning = provisioning;
    }

    /**
     * Returns the stopped machine's disk to the backup: a whole copy of it becomes the disk; the disk it had and its
     * snapshots go. Asks nothing: the caller confirmed.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Machine restore(UUID machineId, UUID backupId, AuditSource source) {
        var machine = machines.get(machineId);
        machines.requireActive(machine.tenantId());
        var row = restorable(machine, backupId);
        if (!row.getHostId().equals(machine.hostId())) {
            throw new ConflictException("machines.backup-other-host");
        }
        return restoreOnto(machine, row, source);
    }

    /**
     * A new machine (stopped, then started) of the backed-up machine's template and sizes, on the host that holds
     * the backup, whose disk is the backup's; the caller's quota as for any create. If the restore fails, the new
     * machine goes again.
     */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine restoreAsNew(UUID machineId, UUID backupId, String name, AuditSource source) {
        var machine = machines.get(machineId);
        machines.requireActive(machine.tenantId());
        var row = restorable(machine, backupId);
        var made = provisioning
                .provision(
                        new CreateMachine(
                                name,
                                machine.templateId(),
                                machine.vcpus(),
                                machine.memoryMiB(),
                                machine.diskGiB(),
                                false,
                                null,
                                null,
                                null,
                                null,
                                false),
                        source,
                        row.getHostId())
                .machine();
        try {
            restoreOnto(made, row, source);
            return machines.start(made.id(), source);
        } catch (RuntimeException e) {
            try {
                machines.delete(made.id(), source);
            } catch (RuntimeException d) {
                log.warn("machine {} of a failed restore stays: {}", made.name(), d.getMessage());
            }
            throw e;
        }
    }

    private BackupEntity restorable(Machine machine, UUID backupId) {
        var row = backups.row(machine, backupId);
        if (row.getState() != Backup.State.DONE) {
            throw new ConflictException("machines.backup-not-done");
        }
        return row;
    }

    /** The stopped {@code machine}'s disk becomes a copy of the backup; the disk it had and its snapshots go. */
    private Machine restoreOnto(Machine machine, BackupEntity row, AuditSource source) {
        BackupPool pool = MachineBackups.pool(row.getBackupDir());
        UUID machineId = machine.id();
        int[] dropped = {0};
        return runner.on(machine, MachineAction.RESTORE, "machine.restore", source)
                .claim(e -> e.busyWith("restoring"))
                .work((before, hypervisor) -> {
                    String domain = before.domainName();
                    String restored =
                            domain + ".r" + UUID.randomUUID().toString().substring(0, 8) + ".qcow2";
                    String overlay = SnapshotService.overlayName(before);
                    hypervisor.restoreDisk(pool, row.getVolume(), restored);
                    try {
                        hypervisor.resetDisk(domain, restored, overlay, before.diskGiB());
                    } catch (RuntimeException e) {
                        hypervisor.deleteDisk(restored);
                        throw e;
                    }
                    // the disk left: every qcow2 volume of the machine but the new two (its first disk, snapshot
                    // overlays, an earlier restore's base), and the snapshots frozen in them; the seed stays
                    var chain = snapshots.findByMachineIdOrderByCreatedAtAscIdAsc(machineId);
                    dropped[0] = chain.size();
                    runner.inTransaction(() -> snapshots.deleteAllById(
                            chain.stream().map(SnapshotEntity::getId).toList()));
                    for (String volume : hypervisor.volumes(domain + ".")) {
                        if (volume.endsWith(".qcow2") && !volume.equals(restored) && !volume.equals(overlay)) {
                            try {
                                hypervisor.deleteDisk(volume);
                            } catch (RuntimeException e) {
                                log.warn("volume {} of {} stays after a restore: {}", volume, domain, e.getMessage());
                            }
                        }
                    }
                    backups.forgetCheckpoints(before, hypervisor, null);
                    return runner.update(machineId, e -> {}).toMachine();
                })
                .afterwards(e -> e.busyWith(null))
                .audit(m -> "backup of " + row.toBackup().createdAt() + " (machine " + row.getMachineId()
                        + "), snapshots deleted: " + dropped[0])
                .run();
    }
}
