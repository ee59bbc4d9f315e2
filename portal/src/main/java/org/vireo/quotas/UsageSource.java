package org.vireo.quotas;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Supplies a tenant's current usage; implemented by the feature that owns the machines. */
public interface UsageSource {
    Usage usage(UUID tenantId);

    /** Usage of several tenants at once (a page of the tenants list); override to answer in one query. */
    default Map<UUID, Usage> usage(Collection<UUID> tenantIds) {
        return tenantIds.stream().collect(Collectors.toMap(id -> id, this::usage));
    }
}
