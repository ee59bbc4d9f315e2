package org.vireo.webhooks.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A tenant's webhook: where to POST which events, and the secret they are signed with. */
@Entity
@Table(name = "webhook")
public class WebhookEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String url;

    /** Comma-separated event types. */
    @Column(nullable = false)
    private String events;

    @Column(nullable = false)
    private String secret;

    @Column(nullable = false)
    private String createdBy;

    @Column(nullable = false)
    private Instant createdAt;

    protected WebhookEntity() {}

    public WebhookEntity(UUID tenantId, String url, List<String> events, String secret, String createdBy) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.url = url;
        this.events = String.join(",", events);
        this.secret = secret;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getUrl() {
        return url;
    }

    public List<String> getEvents() {
        return Arrays.asList(events.split(","));
    }

    public boolean wants(String eventType) {
        return getEvents().contains(eventType);
    }

    public String getSecret() {
        return secret;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
