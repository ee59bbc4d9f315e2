package org.vireo.tenants;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant: {@code name} is its slug (lower-case, in URLs, logs and the API), {@code displayName} what people read
 * ("Müller GmbH & Co. KG", any characters).
 */
public record Tenant(UUID id, String name, String displayName, TenantStatus status, Instant createdAt) {

    /** What views show: the display name, or the slug where a tenant has none. */
    public String shownName() {
        return displayName == null || displayName.isBlank() ? name : displayName;
    }
}
