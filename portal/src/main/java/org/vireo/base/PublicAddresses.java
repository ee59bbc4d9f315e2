package org.vireo.base;

import java.net.InetAddress;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Which addresses count as public for connections the portal makes on a tenant's behalf (image imports,
 * webhooks). Never public: loopback, private (RFC 1918), link-local (the cloud metadata address among them), CGNAT,
 * IPv6 unique-local, multicast, unspecified or reserved ones, so that a URL cannot send the portal into its own
 * network.
 */
public final class PublicAddresses {
    private static final List<IpAddressMatcher> NOT_PUBLIC = List.of(
                    "0.0.0.0/8",
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.0.0.0/24",
                    "192.168.0.0/16",
                    "198.18.0.0/15",
                    "224.0.0.0/4",
                    "240.0.0.0/4",
                    "::/128",
                    "::1/128",
                    "fc00::/7",
                    "fe80::/10",
                    "ff00::/8",
                    "64:ff9b::/96",
                    "2001:db8::/32")
            .stream()
            .map(IpAddressMatcher::new)
            .toList();

    private PublicAddresses() {}

    public static boolean isPublic(InetAddress address) {
        String literal = address.getHostAddress();
        return NOT_PUBLIC.stream().noneMatch(m -> m.matches(literal));
    }
}
