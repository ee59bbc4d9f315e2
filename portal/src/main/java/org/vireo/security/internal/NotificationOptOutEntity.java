package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import org.vireo.security.NotificationKind;

/** A kind of notification a user switched off. */
@Entity
@Table(name = "notification_opt_out")
@IdClass(NotificationOptOutEntity.Key.class)
public class NotificationOptOutEntity {
    /** The composite primary key. */
    public static class Key implements Serializable {
        private UUID userId;
        private NotificationKind kind;

        public Key() {}

        public Key(UUID userId, NotificationKind kind) {
            this.userId = userId;
            this.kind = kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(kind, k.kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, kind);
        }
    }

    @Id
    private UUID userId;

    @Id
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private NotificationKind kind;

    protected NotificationOptOutEntity() {}

    public NotificationOptOutEntity(UUID userId, NotificationKind kind) {
        this.userId = userId;
        this.kind = kind;
    }

    public UUID getUserId() {
        return userId;
    }

    public NotificationKind getKind() {
        return kind;
    }
}
