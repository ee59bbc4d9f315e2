package org.vireo.quotas;

import java.util.UUID;

/** A request took the tenant's use of {@code resource} to {@link QuotaService#NEARLY_USED} % of its limit or more. */
public record QuotaNearlyUsed(UUID tenantId, String resource, int inUse, int limit) {}
