package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.security.SshKey;

@Entity
@Table(name = "user_ssh_key")
public class SshKeyEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String publicKey;

    @Column(nullable = false)
    private Instant createdAt;

    protected SshKeyEntity() {}

    public SshKeyEntity(UUID userId, String name, String publicKey) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.name = name;
        this.publicKey = publicKey;
        this.createdAt = Instant.now();
    }

    public SshKey toKey() {
        return new SshKey(id, name, publicKey, createdAt);
    }
}
