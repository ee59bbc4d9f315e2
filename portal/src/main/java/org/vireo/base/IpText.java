package org.vireo.base;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/** How addresses are shown: IPv6 in its short form ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}), and which count. */
public final class IpText {
    private IpText() {}

    /** The address in its short form; text that is no address comes back as it is. */
    public static String shortForm(String text) {
        IPAddress address = parse(text);
        return address == null ? text : address.toCompressedString();
    }

    /**
     * Whether a machine's address is worth showing as one: not link-local ({@code fe80::/10}, {@code 169.254/16}:
     * every interface has one, nobody reaches it), not loopback, and an address at all.
     */
    public static boolean reachable(String text) {
        IPAddress address = parse(text);
        return address != null && !address.isLinkLocal() && !address.isLoopback();
    }

    private static IPAddress parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var address = new IPAddressString(text.strip()).getAddress();
        return address == null || address.isPrefixed() || address.isMultiple() ? null : address;
    }
}
