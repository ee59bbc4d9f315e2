package org.vireo.quotas.internal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.quotas.Resources;

@Entity
@Table(name = "tenant_quota")
public class TenantQuotaEntity {
    @Id
    private UUID tenantId;

    private int vcpus;
    private int memoryMib;
    private int diskGib;
    private int machines;
    private int snapshots;
    private int ipv4;
    private int backupGib;
    /** GiB of public traffic a month; null: unlimited. */
    private Integer trafficGib;

    private Instant updatedAt;

    protected TenantQuotaEntity() {}

    public TenantQuotaEntity(UUID tenantId, Resources limits) {
        this.tenantId = tenantId;
        set(limits);
    }

    public void set(Resources limits) {
        this.vcpus = limits.vcpus();
        this.memoryMib = limits.memoryMiB();
        this.diskGib = limits.diskGiB();
        this.machines = limits.machines();
        this.snapshots = limits.snapshots();
        this.ipv4 = limits.ipv4();
        this.backupGib = limits.backupGiB();
        this.updatedAt = Instant.now();
    }

    public UUID tenantId() {
        return tenantId;
    }

    public Integer trafficGiB() {
        return trafficGib;
    }

    /** null: unlimited. */
    public void setTrafficGiB(Integer gib) {
        this.trafficGib = gib;
        this.updatedAt = Instant.now();
    }

    public Resources limits() {
        return new Resources(vcpus, memoryMib, diskGib, machines, snapshots, ipv4, backupGib);
    }
}
