package org.vireo.webhooks.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One event for one webhook: its signed payload (the same message id on every attempt), its attempts so far and
 * how the last one went. {@code PENDING} until a 2xx answer ({@code DELIVERED}) or the last attempt
 * ({@code FAILED}).
 */
@Entity
@Table(name = "webhook_delivery")
public class DeliveryEntity {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID webhookId;

    @Column(nullable = false)
    private String eventType;

    @Column(nullable = false)
    private String messageId;

    @Column(nullable = false)
    private String payload;

    @Column(nullable = false)
    private String status;

    private int attempts;
    private Integer lastStatusCode;
    private String lastError;

    @Column(nullable = false)
    private Instant createdAt;

    private Instant lastAttemptAt;
    private Instant nextAttemptAt;
    private Instant finishedAt;

    protected DeliveryEntity() {}

    public DeliveryEntity(UUID webhookId, String eventType, String payload, Instant now) {
        this.id = UUID.randomUUID();
        this.webhookId = webhookId;
        this.eventType = eventType;
        this.messageId = "msg_" + id.toString().replace("-", "");
        this.payload = payload;
        this.status = PENDING;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    /** An attempt's outcome: {@code statusCode} null when there was no answer ({@code error} says why). */
    public void attempted(Instant at, Integer statusCode, String error, Instant retryAt) {
        attempts++;
        lastAttemptAt = at;
        lastStatusCode = statusCode;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 300));
        boolean delivered = statusCode != null && statusCode >= 200 && statusCode < 300;
        if (delivered || retryAt == null) {
            status = delivered ? DELIVERED : FAILED;
            finishedAt = at;
            nextAttemptAt = null;
        } else {
            nextAttemptAt = retryAt;
        }
    }

    public UUID getId() {
        return id;
    }

    public UUID getWebhookId() {
        return webhookId;
    }

    public String getEventType() {
        return eventType;
    }

    public String getMessageId() {
        return messageId;
    }

    public String getPayload() {
        return payload;
    }

    public String getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public Integer getLastStatusCode() {
        return lastStatusCode;
    }

    public String getLastError() {
        return lastError;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastAttemptAt() {
        return lastAttemptAt;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
