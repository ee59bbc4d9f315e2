package org.vireo.networks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vireo.base.Cidr;

/**
 * The operator's address plan for private networks: {@code VIREO_PRIVATE_CIDR} cut into per-tenant subnets of
 * {@code VIREO_PRIVATE_PREFIX} bits. Checked at start: a plan that cannot hold one subnet stops the portal.
 */
@Component
public class NetworkPlan {
    private final Cidr plan;
    private final int tenantPrefix;

    NetworkPlan(@Value("${vireo.network.private-cidr}") String plan,
                @Value("${vireo.network.tenant-prefix}") int tenantPrefix) {
        try {
            this.plan = Cidr.parse(plan);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("VIREO_PRIVATE_CIDR: " + e.getMessage());
        }
        if (tenantPrefix < Math.max(8, this.plan.prefix()) || tenantPrefix > 29) {
            throw new IllegalStateException("VIREO_PRIVATE_PREFIX must be between " + Math.max(8, this.plan.prefix())
                    + " and 29 for the plan " + this.plan);
        }
        this.tenantPrefix = tenantPrefix;
    }

    /** How many tenant subnets the plan holds. */
    public long subnets() {
        return 1L << (tenantPrefix - plan.prefix());
    }

    public Cidr subnet(long index) {
        return plan.subnet(index, tenantPrefix);
    }

    public boolean overlaps(Cidr other) {
        return plan.overlaps(other);
    }
}
