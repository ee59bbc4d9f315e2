package org.vireo.machines;

import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutorService;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.NotFoundException;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DiskBackups.BackupPool;
import org.vireo.hypervisor.DiskBackups.BackupWritten;
import org.vireo.hypervisor.DiskBackups.Base;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.machines.internal.BackupEntity;
import org.vireo.machines.internal.BackupRepository;
import org.vireo.machines.internal.SnapshotRepository;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;

/**
 * Backups of a machine's disk into its host's backup pool (decision 023). The first is whole; while the machine
 * runs, each leaves a checkpoint on the domain, and the next counts only what changed since the newest one (over the
 * backup it belongs to); a stopped machine, a disk that keeps no checkpoints or a broken chain is backed up whole.
 * Only the newest checkpoint is kept on the domain. Deleting a backup that a later one builds on hides it until
 * nothing does. A machine's backups go with it. Restores: {@link BackupRestores}.
 */
@Service
public class MachineBackups implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(MachineBackups.class);
    private static final String CHECKPOINT_PREFIX = "vireo-";

    private final MachineService machines;
    private final BackupRepository backups;
    private final SnapshotRepository snapshots;
    private final HostConnections hosts;
    private final OperationRunner runner;
    private final AuditLog audit;
    private final QuotaService quotas;
    private final ExecutorService work;

    MachineBackups(
            MachineService machines,
            BackupRepository backups,
            SnapshotRepository snapshots,
            HostConnections hosts,
            OperationRunner runner,
            AuditLog audit,
            QuotaService quotas) {
        this.machines = machines;
        this.backups = backups;
        this.snapshots = snapshots;
        this.hosts = hosts;
        this.runner = runner;
        this.audit = audit;
        this.quotas = quotas;
        // each thread waits on a host's libvirt while it copies; two at a time per portal
        this.work = new DelegatingSecurityContextExecutorService(Executors.newFixedThreadPool(2, r -> {
            var t = new Thread(r, "vireo-backups");
            t.setDaemon(true);
            return t;
        }));
    }

    /** Whether the machine's host has a backup target (else backing up is refused). */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public boolean available(Machine machine) {
        return backupDir(machine.hostId()) != null;
    }

    /** The machine's backups, oldest first. */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public List<Backup> list(UUID machineId) {
        machines.get(machineId); // the caller's tenant's, else not found
        return backups.findByMachineIdOrderByCreatedAtAscIdAsc(machineId).stream()
                .filter(b -> !b.isHidden())
                .map(BackupEntity::toBackup)
                .toList();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Backup get(UUID machineId, UUID backupId) {
        return row(machines.get(machineId), backupId).toBackup();
    }

    /**
     * Starts a backup of the machine (running or stopped) and returns it as begun ({@code RUNNING}); it goes on in
     * the background and ends {@code DONE} or {@code FAILED}. Refused while the machine is busy, on a host
     * without a backup target, and when the tenant's backups already take its {@code backupGiB} quota.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public Backup backup(UUID machineId, AuditSource source) {
        return begin(machineId, source, CurrentUser.require().username(), null, 0);
    }

    /**
     * A backup a schedule takes (as the system): recorded as the schedule's; once done, the schedule's backups
     * beyond its newest {@code retention} are deleted.
     */
    @PreAuthorize("hasRole('ADMIN')")
    Backup scheduled(UUID machineId, UUID scheduleId, int retention) {
        return begin(machineId, AuditSource.SYSTEM, "schedule", scheduleId, retention);
    }

    private Backup begin(UUID machineId, AuditSource source, String createdBy, UUID scheduleId, int retention) {
        var machine = machines.get(machineId);
        machines.requireActive(machine.tenantId());
        BackupEntity[] begun = {null};
        runner.on(machine, MachineAction.BACKUP, "machine.backup", source)
                .claim(e -> {
                    String dir = backupDir(e.getHostId());
                    if (dir == null) {
                        throw new ConflictException("machines.backup-unavailable");
                    }
                    // its size is known only once written: 1 GiB reserved meanwhile (BackupUsage)
                    quotas.checkAndLock(e.getTenantId(), Resources.backupGiB(1), () -> quotas.usage(e.getTenantId()));
                    e.busyWith("backing up");
                    begun[0] = backups.save(new BackupEntity(
                            e.getId(), e.getTenantId(), e.getHostId(), dir, e.getDomainName(), createdBy, scheduleId));
                })
                .work((before, hypervisor) -> {
                    var done = take(before, hypervisor, begun[0].getId());
                    if (scheduleId != null) {
                        prune(before, scheduleId, retention);
                    }
                    return done;
                })
                .afterwards(e -> e.busyWith(null))
                .audit(b -> (b.whole() ? "whole" : "incremental") + ", " + b.storedBytes() + " bytes"
                        + (b.live() ? (b.frozen() ? ", file systems frozen" : ", not frozen") : ", stopped"))
                .start(work);
        return begun[0].toBackup();
    }

    private Backup take(Machine before, Hypervisor hypervisor, UUID backupId) {
        var row = backups.findById(backupId).orElseThrow();
        String domain = before.domainName();
        BackupPool pool = pool(row.getBackupDir());
        try {
            BackupEntity base = baseFor(before, hypervisor, pool);
            BackupWritten written;
            UUID baseId = null;
            if (base != null) {
                try {
                    written = hypervisor.backupDisk(
                            domain,
                            pool,
                            row.getVolume(),
                            row.checkpointName(),
                            new Base(base.getCheckpoint(), base.getVolume()));
                    baseId = base.getId();
                } catch (HypervisorException e) {
                    if (Backup.Failure.of(e.getMessage()) == Backup.Failure.TARGET_FULL) {
                        throw e; // a whole one would not fit either
                    }
                    // the chain broke (a bitmap gone with a new disk, a move): whole this time
                    log.warn("incremental backup of {} failed ({}); taking a whole one", domain, e.getMessage());
                    written = hypervisor.backupDisk(domain, pool, row.getVolume(), row.checkpointName(), null);
                }
            } else {
                written = hypervisor.backupDisk(domain, pool, row.getVolume(), row.checkpointName(), null);
            }
            var w = written;
            UUID b = baseId;
            var done = runner.inTransaction(() -> {
                var r = backups.findById(backupId).orElseThrow();
                r.done(b, w.live(), w.checkpointed(), w.frozen(), w.storedBytes());
                return r.toBackup();
            });
            if (w.checkpointed()) {
                // only the newest is kept on the domain: each costs the guest's writes a bitmap update
                forgetCheckpoints(before, hypervisor, row.checkpointName());
            }
            dropLeftoversOfFailed(before, hypervisor);
            Metrics.counter("vireo.backups", "outcome", "done", "kind", done.whole() ? "whole" : "incremental")
                    .increment();
            return done;
        } catch (RuntimeException e) {
            Metrics.counter("vireo.backups", "outcome", "failed", "kind", "none")
                    .increment();
            runner.inTransaction(() -> backups.findById(backupId).ifPresent(r -> r.failed(e.getMessage())));
            throw e;
        }
    }

    /**
     * What failed backups of the machine may have left on its host when their own clean-up could not reach libvirt
     * (libvirtd gone mid-backup): their volumes.
     */
    private void dropLeftoversOfFailed(Machine machine, Hypervisor hypervisor) {
        for (var r : backups.findByMachineIdOrderByCreatedAtAscIdAsc(machine.id())) {
            if (r.getState() == Backup.State.FAILED && r.getHostId().equals(machine.hostId())) {
                try {
                    hypervisor.deleteBackup(pool(r.getBackupDir()), r.getVolume());
                } catch (RuntimeException e) {
                    log.debug("volume of failed backup {} stays: {}", r.getId(), e.getMessage());
                }
            }
        }
    }

    /** Deletes the schedule's backups beyond its newest {@code retention} (within the backup's operation). */
    private void prune(Machine machine, UUID scheduleId, int retention) {
        var kept =
                backups.findByScheduleIdAndStateAndHiddenFalseOrderByCreatedAtDescIdDesc(scheduleId, Backup.State.DONE);
        for (var old : kept.subList(Math.min(retention, kept.size()), kept.size())) {
            try {
                remove(old.getId(), machine);
                audit.record(
                        "system",
                        machine.tenantId(),
                        "machine.backup.delete",
                        machine.name(),
                        AuditOutcome.SUCCESS,
                        AuditSource.SYSTEM,
                        "backup of " + old.getCreatedAt() + ": beyond its schedule's " + retention);
            } catch (RuntimeException e) {
                log.warn("backup {} of {} beyond its schedule stays: {}", old.getId(), machine.name(), e.getMessage());
            }
        }
    }

    /** The backup the next one can count changes from: the newest with its checkpoint still on the running domain. */
    private BackupEntity baseFor(Machine machine, Hypervisor hypervisor, BackupPool pool) {
        if (hypervisor.state(machine.domainName()).orElse(null) != DomainState.RUNNING) {
            return null;
        }
        var onDomain = hypervisor.checkpoints(machine.domainName());
        var rows = backups.findByMachineIdOrderByCreatedAtAscIdAsc(machine.id());
        for (int i = rows.size() - 1; i >= 0; i--) {
            var r = rows.get(i);
            if (r.getState() == Backup.State.DONE
                    && r.getCheckpoint() != null
                    && r.getHostId().equals(machine.hostId())
                    && pool(r.getBackupDir()).equals(pool)
                    && onDomain.contains(r.getCheckpoint())
                    && hypervisor.backupBytes(pool, r.getVolume()) > 0) {
                return r;
            }
        }
        return null;
    }

    /**
     * Drops the machine's checkpoints but {@code keep} (null: all), on the domain and in the records: after a new
     * disk (a restore, a snapshot's revert) no backup can count changes from them.
     */
    void forgetCheckpoints(Machine machine, Hypervisor hypervisor, String keep) {
        for (String checkpoint : hypervisor.checkpoints(machine.domainName())) {
            if (checkpoint.startsWith(CHECKPOINT_PREFIX) && !checkpoint.equals(keep)) {
                try {
                    hypervisor.deleteCheckpoint(machine.domainName(), checkpoint);
                } catch (RuntimeException e) {
                    log.warn("checkpoint {} of {} stays: {}", checkpoint, machine.domainName(), e.getMessage());
                }
            }
        }
        runner.inTransaction(() -> backups.findByMachineIdOrderByCreatedAtAscIdAsc(machine.id()).stream()
                .filter(r -> r.getCheckpoint() != null && !r.getCheckpoint().equals(keep))
                .forEach(BackupEntity::forgetCheckpoint));
    }

    /**
     * Deletes a backup. One that a later backup builds on is hidden and its volume kept until nothing does; refused
     * while the machine is busy (a backup running may build on it).
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public void delete(UUID machineId, UUID backupId, AuditSource source) {
        var machine = machines.get(machineId);
        var row = row(machine, backupId);
        runner.on(machine, MachineAction.EDIT, "machine.backup.delete", source)
                .change(before -> {
                    if (row.getState() == Backup.State.RUNNING) {
                        throw new ConflictException("machines.backup-running");
                    }
                    remove(row.getId(), before);
                    return row.toBackup();
                })
                .audit(b -> "backup of " + b.createdAt())
                .run();
    }

    /** Removes a backup, or hides it while another builds on it; then its base if hidden and no longer needed. */
    private void remove(UUID backupId, Machine machine) {
        var row = backups.findById(backupId).orElse(null);
        if (row == null) {
            return;
        }
        if (backups.existsByBaseId(row.getId())) {
            runner.inTransaction(() -> backups.findById(backupId).ifPresent(BackupEntity::hide));
            return;
        }
        var hypervisor = hosts.of(row.getHostId());
        if (row.getState() == Backup.State.DONE) {
            hypervisor.deleteBackup(pool(row.getBackupDir()), row.getVolume());
        }
        if (row.getCheckpoint() != null && machine != null && machine.hostId().equals(row.getHostId())) {
            hypervisor.deleteCheckpoint(machine.domainName(), row.getCheckpoint());
        }
        runner.inTransaction(() -> backups.deleteById(backupId));
        UUID baseId = row.getBaseId();
        if (baseId != null) {
            backups.findById(baseId).filter(BackupEntity::isHidden).ifPresent(base -> remove(base.getId(), machine));
        }
    }

    /** A deleted machine's backups go with it (newest first, so that none is some other's base any more). */
    @EventListener
    void machineDeleted(MachineChanged change) {
        if (!change.deleted() || MachineChanged.relayed()) {
            return;
        }
        var rows = backups.findByMachineIdOrderByCreatedAtAscIdAsc(change.machineId());
        for (int i = rows.size() - 1; i >= 0; i--) {
            var r = rows.get(i);
            try {
                if (r.getState() == Backup.State.DONE) {
                    hosts.of(r.getHostId()).deleteBackup(pool(r.getBackupDir()), r.getVolume());
                }
                runner.inTransaction(() -> backups.deleteById(r.getId()));
            } catch (RuntimeException e) {
                log.warn("backup {} of deleted machine {} stays: {}", r.getId(), change.machineId(), e.getMessage());
            }
        }
        if (!rows.isEmpty()) {
            audit.record(
                    "system",
                    change.tenantId(),
                    "machine.backup.delete",
                    change.machineId().toString(),
                    AuditOutcome.SUCCESS,
                    AuditSource.SYSTEM,
                    rows.size() + " backups of the deleted machine");
        }
    }

    /**
     * A backup whose portal stopped working on it: marked failed, its volume and checkpoint removed (a half
     * backup is never listed as good, and no checkpoint stays that the next incremental would count from).
     */
    void interrupted(UUID machineId, String domainName) {
        for (var r : backups.findByMachineIdOrderByCreatedAtAscIdAsc(machineId)) {
            if (r.getState() != Backup.State.RUNNING) {
                continue;
            }
            try {
                var hypervisor = hosts.of(r.getHostId());
                hypervisor.deleteBackup(pool(r.getBackupDir()), r.getVolume());
                hypervisor.deleteCheckpoint(domainName, r.checkpointName());
            } catch (RuntimeException e) {
                log.warn("the interrupted backup {} of {} left something: {}", r.getId(), domainName, e.getMessage());
            }
            runner.inTransaction(() -> backups.findById(r.getId()).ifPresent(b -> b.failed("interrupted")));
        }
    }

    /** A backup of {@code machine} (the caller's, as {@link MachineService#get} gave it), not a hidden one. */
    BackupEntity row(Machine machine, UUID backupId) {
        return backups.findById(backupId)
                .filter(b -> b.getMachineId().equals(machine.id()) && !b.isHidden())
                .orElseThrow(() -> new NotFoundException("backup"));
    }

    private String backupDir(UUID hostId) {
        return hosts.hosts().stream()
                .filter(h -> h.id().equals(hostId))
                .findFirst()
                .map(Host::backupDir)
                .orElse(null);
    }

    /** The pool of a backup directory, named by the directory (an operator may point a host elsewhere later). */
    static BackupPool pool(String dir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dir.getBytes(StandardCharsets.UTF_8));
            return new BackupPool("vireo-backups-" + HexFormat.of().formatHex(digest, 0, 4), Path.of(dir));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        work.shutdownNow();
    }
}
