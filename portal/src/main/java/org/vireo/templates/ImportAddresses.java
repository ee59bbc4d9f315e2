package org.vireo.templates;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.vireo.base.Settings;

/**
 * Which addresses an image import may connect to: public ones, and those of the operator's allow list
 * ({@code VIREO_IMPORT_ALLOW}, CIDRs, for an internal mirror). Never, unless allowed: loopback, private (RFC 1918),
 * link-local (the cloud metadata address among them), CGNAT, IPv6 unique-local, multicast, unspecified or reserved
 * ones, so that a URL or a redirect cannot send the portal into its own network.
 */
final class ImportAddresses {
    private static final List<IpAddressMatcher> NOT_PUBLIC = matchers(List.of(
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
            "2001:db8::/32"));

    private final List<IpAddressMatcher> allowed;

    /** {@code allow}: CIDRs admitted although not public; a bad one stops the portal at start. */
    ImportAddresses(List<String> allow) {
        try {
            this.allowed = matchers(Settings.listed(allow));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("VIREO_IMPORT_ALLOW: " + e.getMessage(), e);
        }
    }

    boolean permits(InetAddress address) {
        String literal = address.getHostAddress();
        return allowed.stream().anyMatch(m -> m.matches(literal))
                || NOT_PUBLIC.stream().noneMatch(m -> m.matches(literal));
    }

    /** The host's addresses when every one is permitted; else {@link Refused} (nothing is connected to). */
    InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        for (InetAddress a : all) {
            if (!permits(a)) {
                throw new Refused(host, a);
            }
        }
        return all;
    }

    /** A host that resolves to an address imports may not reach. */
    static final class Refused extends UnknownHostException {
        Refused(String host, InetAddress address) {
            super(host + " resolves to " + address.getHostAddress() + ", which imports may not reach"
                    + " (VIREO_IMPORT_ALLOW admits it)");
        }
    }

    private static List<IpAddressMatcher> matchers(List<String> cidrs) {
        return cidrs.stream().map(IpAddressMatcher::new).toList();
    }
}
