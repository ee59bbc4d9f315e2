package org.vireo.tenants;

import java.time.Instant;
import java.util.UUID;

public record Tenant(UUID id, String name, String displayName, TenantStatus status, Instant createdAt) {
}
