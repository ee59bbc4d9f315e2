package org.vireo.hypervisor;

import java.util.Locale;

/**
 * How a host serves its tenants' private networks. {@code NAT}: the host is each network's gateway, hands out
 * addresses by DHCP and masquerades outbound traffic; {@code NONE}: gateway and DHCP, but no way out of the host;
 * {@code ISOLATED}: a bare layer-2 segment, no host address and no DHCP (guests with cloud-init get their address
 * statically), for hosts whose operator keeps the host itself out of the guests' reach.
 */
public enum NetworkMode {
    NAT,
    NONE,
    ISOLATED;

    public static NetworkMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("network mode is nat, none or isolated: " + text);
        }
    }

    public boolean dhcp() {
        return this != ISOLATED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
