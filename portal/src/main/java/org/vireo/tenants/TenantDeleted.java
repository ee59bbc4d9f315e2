package org.vireo.tenants;

import java.util.UUID;

/** Published (after commit) when a tenant was deleted: host resources of it (its network) can go. */
public record TenantDeleted(UUID tenantId) {}
