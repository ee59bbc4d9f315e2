package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.vireo.base.Cidr;

/**
 * The values the port's specs accept (names, MACs, host paths), checked when a spec is made so that nothing
 * unchecked reaches a hypervisor: the adapter builds its XML only from these.
 */
public final class SpecValues {
    public static final Pattern VOLUME_NAME = Pattern.compile("^[a-z0-9][a-z0-9.-]{0,120}$");
    public static final Pattern NETWORK_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    /** Linux limits interface names to 15 characters. */
    public static final Pattern BRIDGE_NAME = Pattern.compile("^[a-z][a-z0-9]{1,14}$");
    /** A host's address as another host reaches it: an IPv4 address or a DNS name. */
    public static final Pattern HOST_ADDRESS = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$");

    public static final Pattern MAC = Pattern.compile("^52:54:00(:[0-9a-f]{2}){3}$");
    private static final Pattern PATH = Pattern.compile("^[A-Za-z0-9._/+-]{1,1024}$");

    private SpecValues() {}

    /** {@code value} matches {@code p}, or else "invalid {@code what}". */
    public static void check(Pattern p, String value, String what) {
        if (value == null || !p.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what);
        }
    }

    /** Host paths that reach libvirt: absolute, normalized, and only characters that need no quoting anywhere. */
    public static void checkPath(String what, Path p) {
        if (p == null || !p.isAbsolute() || !p.normalize().equals(p)) {
            throw new IllegalArgumentException(what + " must be an absolute, normalized path");
        }
        if (!PATH.matcher(p.toString()).matches()) {
            throw new IllegalArgumentException(what + " path has characters Vireo does not accept");
        }
    }

    /**
     * The MAC of a private address: 52:54:00 and the address's last three bytes, unique across a private address
     * plan inside one /8. As every address has its MAC, a network's DHCP entries are all written when it is defined,
     * and creates and deletes need no live update of the network (libvirt 9.0 reloads the network's firewall rules on
     * each, ~0.3 s).
     */
    public static String macFor(String ipv4) {
        int a = Cidr.address(ipv4);
        return String.format("52:54:00:%02x:%02x:%02x", (a >>> 16) & 255, (a >>> 8) & 255, a & 255);
    }
}
