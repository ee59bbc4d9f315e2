package org.vireo.webhooks.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface DeliveryRepository extends JpaRepository<DeliveryEntity, UUID> {
    List<DeliveryEntity> findByWebhookIdOrderByCreatedAtDesc(UUID webhookId, Pageable page);

    @Query("select d.id from DeliveryEntity d where d.status = 'PENDING' and d.nextAttemptAt <= :now"
            + " order by d.nextAttemptAt")
    List<UUID> due(@Param("now") Instant now, Pageable page);

    /**
     * Claims a due delivery for one attempt by moving its next attempt to {@code until} (after the attempt's
     * longest duration): 1 when this node got it, 0 when another one did first.
     */
    @Modifying
    @Query("update DeliveryEntity d set d.nextAttemptAt = :until where d.id = :id and d.status = 'PENDING'"
            + " and d.nextAttemptAt <= :now")
    int claim(@Param("id") UUID id, @Param("now") Instant now, @Param("until") Instant until);

    @Modifying
    @Query("delete from DeliveryEntity d where d.status <> 'PENDING' and d.finishedAt < :before")
    int deleteFinishedBefore(@Param("before") Instant before);
}
