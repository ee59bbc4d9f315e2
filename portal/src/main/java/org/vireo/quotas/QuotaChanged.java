package org.vireo.quotas;

import java.util.UUID;

/**
 * Published when an operator set a tenant's limits, in that transaction (listen after commit);
 * {@code trafficGiB}: the monthly allowance, null unlimited.
 */
public record QuotaChanged(UUID tenantId, Resources limits, Integer trafficGiB) {}
