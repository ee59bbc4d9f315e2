package org.vireo.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.cluster.*}: this node's name ({@code VIREO_NODE_ID}, default the host name and process id), how long
 * the leader's lease lasts without renewal ({@code VIREO_LEASE_TTL}) and how often it is renewed (shorter).
 */
@ConfigurationProperties(prefix = "vireo.cluster")
public record ClusterSettings(String nodeId, Duration leaseTtl, Duration leaseRenew) {
    public ClusterSettings {
        nodeId = nodeId == null ? "" : nodeId.strip();
        if (nodeId.length() > 100) {
            throw new IllegalArgumentException("VIREO_NODE_ID must be at most 100 characters, was " + nodeId.length());
        }
        Settings.positive("VIREO_LEASE_TTL", leaseTtl);
        Settings.positive("vireo.cluster.lease-renew", leaseRenew);
        if (leaseRenew.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("VIREO_LEASE_TTL (" + leaseTtl
                    + ") must be longer than its renewal interval vireo.cluster.lease-renew (" + leaseRenew + ")");
        }
    }
}
