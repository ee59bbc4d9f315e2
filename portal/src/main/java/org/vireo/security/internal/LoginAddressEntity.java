package org.vireo.security.internal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An address a user signed in from, and when first. */
@Entity
@Table(name = "login_address")
@IdClass(LoginAddressEntity.Key.class)
public class LoginAddressEntity {
    /** The composite primary key. */
    public static class Key implements Serializable {
        private UUID userId;
        private String address;

        public Key() {}

        public Key(UUID userId, String address) {
            this.userId = userId;
            this.address = address;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(address, k.address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, address);
        }
    }

    @Id
    private UUID userId;

    @Id
    private String address;

    private Instant firstSeen;

    protected LoginAddressEntity() {}

    public LoginAddressEntity(UUID userId, String address) {
        this.userId = userId;
        this.address = address;
        this.firstSeen = Instant.now();
    }

    public Instant getFirstSeen() {
        return firstSeen;
    }
}
