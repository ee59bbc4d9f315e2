package org.vireo.hypervisor;

import java.util.Objects;
import org.vireo.base.Cidr;

/**
 * A tenant's private network on one host: its libvirt name, its bridge, how the host serves it and its subnet
 * (the first address is the host's, the gateway, unless {@link NetworkMode#ISOLATED}) and what its DNS server does.
 */
public record NetworkSpec(String name, String bridge, NetworkMode mode, Cidr subnet, NetworkDns dns) {
    public NetworkSpec(String name, String bridge, NetworkMode mode, Cidr subnet) {
        this(name, bridge, mode, subnet, NetworkDns.HOST);
    }

    public NetworkSpec {
        Objects.requireNonNull(dns, "dns");
        SpecValues.check(SpecValues.NETWORK_NAME, name, "network name");
        SpecValues.check(SpecValues.BRIDGE_NAME, bridge, "bridge name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(subnet, "subnet");
        if (subnet.prefix() < 8 || subnet.prefix() > 29) {
            throw new IllegalArgumentException("a private subnet has a prefix of 8 to 29");
        }
    }

    /** The host's address on the bridge, the guests' gateway and DHCP server. */
    public String gateway() {
        return Cidr.format(subnet.at(1));
    }
}
