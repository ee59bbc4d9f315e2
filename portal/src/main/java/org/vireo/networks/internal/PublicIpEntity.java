package org.vireo.networks.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "public_ip")
public class PublicIpEntity {
    @Id
    private String address;

    @Column(nullable = false)
    private UUID poolId;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private UUID machineId;

    @Column(nullable = false, unique = true)
    private String mac;

    private String ptr;

    @Column(nullable = false)
    private Instant createdAt;

    protected PublicIpEntity() {}

    public PublicIpEntity(String address, UUID poolId, UUID tenantId, UUID machineId, String mac) {
        this.address = address;
        this.poolId = poolId;
        this.tenantId = tenantId;
        this.machineId = machineId;
        this.mac = mac;
        this.createdAt = Instant.now();
    }

    public String getAddress() {
        return address;
    }

    public UUID getPoolId() {
        return poolId;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public UUID getMachineId() {
        return machineId;
    }

    public String getMac() {
        return mac;
    }

    public String getPtr() {
        return ptr;
    }

    public void setPtr(String ptr) {
        this.ptr = ptr;
    }
}
