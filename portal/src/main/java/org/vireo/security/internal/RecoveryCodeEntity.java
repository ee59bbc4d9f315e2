package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One of a user's single-use recovery codes for two-factor sign-in, as its SHA-256 hash. */
@Entity
@Table(name = "recovery_code")
public class RecoveryCodeEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private String codeHash;

    private Instant usedAt;

    protected RecoveryCodeEntity() {}

    public RecoveryCodeEntity(UUID userId, String codeHash) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.codeHash = codeHash;
    }

    public String getCodeHash() {
        return codeHash;
    }

    public void use() {
        this.usedAt = Instant.now();
    }
}
