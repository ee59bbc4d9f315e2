package org.vireo.security.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.vireo.security.NotificationKind;

public interface NotificationOptOutRepository
        extends JpaRepository<NotificationOptOutEntity, NotificationOptOutEntity.Key> {
    List<NotificationOptOutEntity> findByUserId(UUID userId);

    List<NotificationOptOutEntity> findByKindAndUserIdIn(NotificationKind kind, Collection<UUID> userIds);
}
