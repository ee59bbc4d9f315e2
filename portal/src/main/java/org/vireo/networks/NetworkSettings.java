package org.vireo.networks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Cidr;

/**
 * {@code vireo.network.*} of private networks: the operator's address plan {@code VIREO_PRIVATE_CIDR}, cut into
 * per-tenant subnets of {@code VIREO_PRIVATE_PREFIX} bits; a plan that cannot hold one subnet stops the start.
 */
@ConfigurationProperties(prefix = "vireo.network")
public record NetworkSettings(String privateCidr, int tenantPrefix) {
    public NetworkSettings {
        Cidr plan;
        try {
            plan = Cidr.parse(privateCidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VIREO_PRIVATE_CIDR: " + e.getMessage());
        }
        if (tenantPrefix < Math.max(8, plan.prefix()) || tenantPrefix > 29) {
            throw new IllegalArgumentException("VIREO_PRIVATE_PREFIX must be between " + Math.max(8, plan.prefix())
                    + " and 29 for the plan " + plan + ", was " + tenantPrefix);
        }
    }

    Cidr plan() {
        return Cidr.parse(privateCidr);
    }

    /**
     * {@code vireo.networks.*} of public addresses: how long a released address rests before it is handed out again
     * ({@code VIREO_IP_COOLDOWN}; zero: at once).
     */
    @ConfigurationProperties(prefix = "vireo.networks")
    public record PublicAddresses(Duration ipCooldown) {
        public PublicAddresses {
            if (ipCooldown == null || ipCooldown.isNegative()) {
                throw new IllegalArgumentException("VIREO_IP_COOLDOWN must be a duration of zero or more (ISO-8601,"
                        + " e.g. PT1H), was " + ipCooldown);
            }
        }
    }
}
