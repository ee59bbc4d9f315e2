package org.vireo.tenants;

import java.util.UUID;

/** Published (after commit) when an operator suspended a tenant: its machines are to be stopped. */
public record TenantSuspended(UUID tenantId) {}
