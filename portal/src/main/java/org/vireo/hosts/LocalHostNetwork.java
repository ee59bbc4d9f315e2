package org.vireo.hosts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.hypervisor.NetworkDns;
import org.vireo.hypervisor.NetworkMode;

/**
 * {@code vireo.network.local-*}: how the portal's own host serves private networks ({@code VIREO_LOCAL_OUTBOUND}:
 * nat, none or isolated) and the DNS on their gateways ({@code VIREO_LOCAL_DNS}: host, none or addresses).
 */
@ConfigurationProperties(prefix = "vireo.network")
public record LocalHostNetwork(String localOutbound, String localDns) {
    public LocalHostNetwork {
        try {
            NetworkMode.parse(localOutbound);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VIREO_LOCAL_OUTBOUND: " + e.getMessage());
        }
        try {
            NetworkDns.parse(localDns);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VIREO_LOCAL_DNS: " + e.getMessage());
        }
    }

    public NetworkMode mode() {
        return NetworkMode.parse(localOutbound);
    }

    public NetworkDns dns() {
        return NetworkDns.parse(localDns);
    }
}
