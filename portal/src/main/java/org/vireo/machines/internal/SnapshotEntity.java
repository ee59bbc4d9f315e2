package org.vireo.machines.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.machines.Snapshot;

@Entity
@Table(name = "machine_snapshot")
public class SnapshotEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID machineId;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String name;
    /** The volume that holds the disk as it was when the snapshot was taken (below it in the chain: older ones). */
    @Column(nullable = false)
    private String volume;

    private int diskGib;

    @Column(nullable = false)
    private Instant createdAt;

    protected SnapshotEntity() {}

    public SnapshotEntity(UUID machineId, UUID tenantId, String name, String volume, int diskGiB) {
        this.id = UUID.randomUUID();
        this.machineId = machineId;
        this.tenantId = tenantId;
        this.name = name;
        this.volume = volume;
        this.diskGib = diskGiB;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public String getVolume() {
        return volume;
    }

    public void setVolume(String volume) {
        this.volume = volume;
    }

    public Snapshot toSnapshot() {
        return new Snapshot(id, machineId, name, diskGib, createdAt);
    }
}
