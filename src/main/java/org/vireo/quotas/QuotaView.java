package org.vireo.quotas;

import java.util.UUID;

public record QuotaView(UUID tenantId, Resources limits, Resources used, Resources reserved) {
    public boolean overQuota() {
        return used.plus(reserved).firstExceeding(limits) != null;
    }
}
