package org.vireo.quotas;

import java.util.UUID;

/** Supplies a tenant's current usage; implemented by the feature that owns the machines. */
public interface UsageSource {
    Usage usage(UUID tenantId);
}
