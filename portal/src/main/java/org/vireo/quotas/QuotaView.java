package org.vireo.quotas;

import java.util.UUID;

/** A tenant's limits, what it uses and holds reserved; {@code trafficGiB}: its monthly allowance, null unlimited. */
public record QuotaView(UUID tenantId, Resources limits, Resources used, Resources reserved, Integer trafficGiB) {
    public QuotaView(UUID tenantId, Resources limits, Resources used, Resources reserved) {
        this(tenantId, limits, used, reserved, null);
    }

    public boolean overQuota() {
        return used.plus(reserved).firstExceeding(limits) != null;
    }
}
