package org.vireo.webhooks.internal;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface WebhookRepository extends JpaRepository<WebhookEntity, UUID> {
    List<WebhookEntity> findByTenantIdOrderByCreatedAt(UUID tenantId);

    List<WebhookEntity> findAllByOrderByCreatedAt();

    long countByTenantId(UUID tenantId);
}
