package org.vireo.networks;

import java.util.UUID;

/**
 * A public IPv4 address given to a machine: its interface's MAC, the pool's bridge on the host, the subnet's
 * prefix and gateway (what the guest's static configuration needs), and its reverse DNS name if set.
 */
public record PublicIp(
        String address, UUID machineId, String mac, String bridge, int prefix, String gateway, String ptr) {}
