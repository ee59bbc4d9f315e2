package org.vireo.webhooks;

import java.time.Instant;
import java.util.UUID;

/**
 * One event sent (or being sent) to a webhook: {@code status} {@code PENDING}, {@code DELIVERED} or {@code FAILED}
 * (every attempt used), the last attempt's HTTP status or, without an answer, its error, and when it is tried next.
 */
public record DeliveryView(
        UUID id,
        String eventType,
        String messageId,
        String status,
        int attempts,
        Integer lastStatusCode,
        String lastError,
        Instant createdAt,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant finishedAt) {}
