package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant whose users must sign in with a second factor. */
@Entity
@Table(name = "two_factor_requirement")
public class TwoFactorRequirementEntity {
    @Id
    private UUID tenantId;

    @Column(nullable = false)
    private Instant setAt;

    protected TwoFactorRequirementEntity() {}

    public TwoFactorRequirementEntity(UUID tenantId) {
        this.tenantId = tenantId;
        this.setAt = Instant.now();
    }
}
