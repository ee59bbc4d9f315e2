package org.vireo.tenants.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.tenants.Tenant;
import org.vireo.tenants.TenantStatus;

@Entity
@Table(name = "tenant")
public class TenantEntity {
    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false)
    private String displayName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TenantStatus status;

    @Column(nullable = false)
    private Instant createdAt;

    protected TenantEntity() {}

    public TenantEntity(String name, String displayName) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.displayName = displayName;
        this.status = TenantStatus.ACTIVE;
        this.createdAt = Instant.now();
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public void rename(String name) {
        this.name = name;
        this.displayName = name;
    }

    public void setStatus(TenantStatus status) {
        this.status = status;
    }

    public TenantStatus getStatus() {
        return status;
    }

    public Tenant toTenant() {
        return new Tenant(id, name, displayName, status, createdAt);
    }
}
