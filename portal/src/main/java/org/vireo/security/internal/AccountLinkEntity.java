package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A single-use link sent by mail (confirm an address, set a forgotten password), as its token's SHA-256 hash. */
@Entity
@Table(name = "account_link")
public class AccountLinkEntity {
    public static final String CONFIRM_EMAIL = "CONFIRM_EMAIL";
    public static final String RESET_PASSWORD = "RESET_PASSWORD";

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private String purpose;

    @Column(nullable = false, unique = true)
    private String tokenHash;

    private String email;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant expiresAt;

    private Instant usedAt;

    protected AccountLinkEntity() {}

    public AccountLinkEntity(UUID userId, String purpose, String tokenHash, String email, Duration validFor) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.purpose = purpose;
        this.tokenHash = tokenHash;
        this.email = email;
        this.createdAt = Instant.now();
        this.expiresAt = createdAt.plus(validFor);
    }

    public UUID getUserId() {
        return userId;
    }

    public String getPurpose() {
        return purpose;
    }

    public String getEmail() {
        return email;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** Not used yet and not expired. */
    public boolean usable() {
        return usedAt == null && Instant.now().isBefore(expiresAt);
    }

    public void use() {
        this.usedAt = Instant.now();
    }
}
