package org.vireo.tenants;

import java.util.UUID;

/** Published when the first start seeded the demo tenant and its user. */
public record DemoTenantSeeded(UUID tenantId, String username) {}
