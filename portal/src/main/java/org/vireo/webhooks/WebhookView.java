package org.vireo.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A webhook as its tenant admin sees it (never with its secret). */
public record WebhookView(
        UUID id, UUID tenantId, String url, List<String> events, String createdBy, Instant createdAt) {}
