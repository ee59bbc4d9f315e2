package org.vireo.networks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An operator's pool of public IPv4 addresses on one host: its subnet, gateway, the bridge (or uplink) the
 * addresses live on there, the addresses never given out, and how many are in use.
 */
public record IpPool(
        UUID id,
        String name,
        UUID hostId,
        String cidr,
        String gateway,
        String bridge,
        List<String> reserved,
        Instant createdAt,
        int used) {}
