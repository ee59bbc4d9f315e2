package org.vireo.machines.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.machines.Backup;

@Entity
@Table(name = "machine_backup")
public class BackupEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID machineId;

    @Column(nullable = false)
    private UUID tenantId;

    /** The host whose backup pool holds the volume. */
    @Column(nullable = false)
    private UUID hostId;

    /** The backup pool's directory on that host when the backup was taken (an operator may move it since). */
    @Column(nullable = false)
    private String backupDir;

    @Column(nullable = false)
    private String volume;

    /** The domain's checkpoint this backup left (what the next incremental one counts changes from); null: none. */
    private String checkpoint;

    private UUID baseId;

    /** The schedule that took it (it counts in that schedule's retention); null: taken by hand. */
    private UUID scheduleId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Backup.State state;

    private boolean live;
    private boolean frozen;
    private long storedBytes;
    /** Deleted, but kept while a later backup builds on it. */
    private boolean hidden;

    @Column(nullable = false)
    private String createdBy;

    @Column(nullable = false)
    private Instant createdAt;

    private Instant finishedAt;
    /** What went wrong, for operators (the hypervisor's words). */
    private String error;

    protected BackupEntity() {}

    public BackupEntity(
            UUID machineId,
            UUID tenantId,
            UUID hostId,
            String backupDir,
            String domainName,
            String createdBy,
            UUID scheduleId) {
        this.id = UUID.randomUUID();
        this.scheduleId = scheduleId;
        this.machineId = machineId;
        this.tenantId = tenantId;
        this.hostId = hostId;
        this.backupDir = backupDir;
        this.volume = domainName + ".backup-" + id + ".qcow2";
        this.state = Backup.State.RUNNING;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getMachineId() {
        return machineId;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public UUID getHostId() {
        return hostId;
    }

    public String getBackupDir() {
        return backupDir;
    }

    public String getVolume() {
        return volume;
    }

    public String getCheckpoint() {
        return checkpoint;
    }

    public UUID getBaseId() {
        return baseId;
    }

    public UUID getScheduleId() {
        return scheduleId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Backup.State getState() {
        return state;
    }

    public long getStoredBytes() {
        return storedBytes;
    }

    public boolean isHidden() {
        return hidden;
    }

    /** The checkpoint a backup asks for (named after it; whether it is kept says {@link #done}). */
    public String checkpointName() {
        return "vireo-" + id;
    }

    public void done(UUID baseId, boolean live, boolean checkpointed, boolean frozen, long storedBytes) {
        this.state = Backup.State.DONE;
        this.baseId = baseId;
        this.live = live;
        this.checkpoint = checkpointed ? checkpointName() : null;
        this.frozen = frozen;
        this.storedBytes = storedBytes;
        this.finishedAt = Instant.now();
    }

    public void failed(String error) {
        this.state = Backup.State.FAILED;
        this.error = error == null ? null : error.substring(0, Math.min(300, error.length()));
        this.storedBytes = 0;
        this.finishedAt = Instant.now();
    }

    public void hide() {
        this.hidden = true;
    }

    /** The checkpoint is gone from the domain (a new disk): a later backup cannot count changes from it. */
    public void forgetCheckpoint() {
        this.checkpoint = null;
    }

    public Backup toBackup() {
        return new Backup(
                id,
                machineId,
                state,
                state == Backup.State.FAILED ? Backup.Failure.of(error) : null,
                baseId == null,
                baseId,
                live,
                frozen,
                storedBytes,
                createdBy,
                scheduleId,
                createdAt,
                finishedAt);
    }
}
