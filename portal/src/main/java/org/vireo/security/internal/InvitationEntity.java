package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.vireo.security.InvitationView;
import org.vireo.security.Role;

/** An invitation into a tenant: its mailed link's token as a SHA-256 hash, good once until it expires. */
@Entity
@Table(name = "invitation")
public class InvitationEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String email;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(nullable = false, unique = true)
    private String tokenHash;

    @Column(nullable = false)
    private String invitedBy;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant expiresAt;

    private Instant acceptedAt;

    protected InvitationEntity() {}

    public InvitationEntity(
            UUID tenantId, String email, Role role, String tokenHash, String invitedBy, Duration validFor) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.email = email;
        this.role = role;
        this.tokenHash = tokenHash;
        this.invitedBy = invitedBy;
        this.createdAt = Instant.now();
        this.expiresAt = createdAt.plus(validFor);
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getEmail() {
        return email;
    }

    public Role getRole() {
        return role;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** Not accepted yet and not expired. */
    public boolean open() {
        return acceptedAt == null && Instant.now().isBefore(expiresAt);
    }

    public void accept() {
        this.acceptedAt = Instant.now();
    }

    public InvitationView toView() {
        return new InvitationView(id, tenantId, email, role, invitedBy, createdAt, expiresAt);
    }
}
