package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.security.ApiTokenInfo;
import org.vireo.security.TokenScope;

@Entity
@Table(name = "api_token")
public class ApiTokenEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, unique = true)
    private String tokenHash;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant expiresAt;

    private Instant revokedAt;
    private Instant lastUsedAt;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    private TokenScope scope;

    protected ApiTokenEntity() {}

    public ApiTokenEntity(UUID userId, String name, String tokenHash, Instant expiresAt, TokenScope scope) {
        this.scope = scope;
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.createdAt = Instant.now();
        this.expiresAt = expiresAt;
    }

    public UUID getId() {
        return id;
    }

    public UUID getUserId() {
        return userId;
    }

    public TokenScope getScope() {
        return scope;
    }

    public boolean usableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    public void used(Instant now) {
        lastUsedAt = now;
    }

    public ApiTokenInfo toInfo() {
        return new ApiTokenInfo(id, name, createdAt, expiresAt, lastUsedAt, revokedAt != null, scope.json());
    }
}
