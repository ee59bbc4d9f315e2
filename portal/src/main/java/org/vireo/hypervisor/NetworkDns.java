package org.vireo.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vireo.base.Cidr;

/**
 * What the DNS server on a private network's gateway does for its guests: forward to the host's own resolvers
 * ({@code host}), not run at all ({@code none}: DHCP only), or forward to the listed IPv4 addresses only.
 */
public record NetworkDns(boolean enabled, List<String> forwarders) {
    public static final NetworkDns HOST = new NetworkDns(true, List.of());
    public static final NetworkDns NONE = new NetworkDns(false, List.of());
    private static final int MAX_FORWARDERS = 4;

    public NetworkDns {
        forwarders = List.copyOf(forwarders);
        forwarders.forEach(Cidr::address);
        if (!enabled && !forwarders.isEmpty()) {
            throw new IllegalArgumentException("a disabled DNS server has no forwarders");
        }
    }

    /** {@code host}, {@code none} or up to four comma-separated IPv4 addresses; null or blank: {@code host}. */
    public static NetworkDns parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("host")) {
            return HOST;
        }
        if (text.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        var list = new ArrayList<String>();
        for (String part : text.split(",")) {
            String address = part.strip();
            if (!address.matches("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$")) {
                throw new IllegalArgumentException("DNS is host, none or IPv4 addresses: " + text);
            }
            list.add(Cidr.format(Cidr.address(address)));
        }
        if (list.size() > MAX_FORWARDERS) {
            throw new IllegalArgumentException("at most " + MAX_FORWARDERS + " DNS forwarders");
        }
        return new NetworkDns(true, list);
    }

    public String wire() {
        return !enabled
                ? "none"
                : forwarders.isEmpty() ? "host" : String.join(",", forwarders).toLowerCase(Locale.ROOT);
    }
}
