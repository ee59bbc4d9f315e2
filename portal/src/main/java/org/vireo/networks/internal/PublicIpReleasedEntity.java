package org.vireo.networks.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** When a public address was last given back, and by which tenant. */
@Entity
@Table(name = "public_ip_released")
public class PublicIpReleasedEntity {
    @Id
    private String address;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private Instant releasedAt;

    protected PublicIpReleasedEntity() {}

    public PublicIpReleasedEntity(String address, UUID tenantId, Instant releasedAt) {
        this.address = address;
        this.tenantId = tenantId;
        this.releasedAt = releasedAt;
    }
}
