package org.vireo.templates;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.vireo.base.PublicAddresses;
import org.vireo.base.Settings;

/**
 * Which addresses an image import may connect to: {@link PublicAddresses public} ones, and those of the operator's
 * allow list ({@code VIREO_IMPORT_ALLOW}, CIDRs, for an internal mirror), so that a URL or a redirect cannot send
 * the portal into its own network.
 */
final class ImportAddresses {
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
        return allowed.stream().anyMatch(m -> m.matches(literal)) || PublicAddresses.isPublic(address);
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
