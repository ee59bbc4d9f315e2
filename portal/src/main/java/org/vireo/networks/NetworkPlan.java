package org.vireo.networks;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.vireo.base.Cidr;

/**
 * The operator's address plan for private networks: {@code VIREO_PRIVATE_CIDR} cut into per-tenant subnets of
 * {@code VIREO_PRIVATE_PREFIX} bits ({@link NetworkSettings}, checked at start).
 */
@Component
@EnableConfigurationProperties(NetworkSettings.class)
public class NetworkPlan {
    private final Cidr plan;
    private final int tenantPrefix;

    NetworkPlan(NetworkSettings settings) {
        this.plan = settings.plan();
        this.tenantPrefix = settings.tenantPrefix();
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
