package org.vireo.networks.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * A tenant's subnet. Always inserted, never merged ({@link Persistable}): a tenant whose subnet another thread has
 * just taken gets a key violation and reads that one, instead of overwriting it.
 */
@Entity
@Table(name = "tenant_subnet")
public class TenantSubnetEntity implements Persistable<UUID> {
    @Id
    private UUID tenantId;

    @Column(nullable = false, unique = true)
    private String cidr;

    @Column(nullable = false)
    private Instant createdAt;

    @Transient
    private boolean stored;

    protected TenantSubnetEntity() {}

    public TenantSubnetEntity(UUID tenantId, String cidr) {
        this.tenantId = tenantId;
        this.cidr = cidr;
        this.createdAt = Instant.now();
    }

    public String getCidr() {
        return cidr;
    }

    @Override
    public UUID getId() {
        return tenantId;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void stored() {
        stored = true;
    }
}
