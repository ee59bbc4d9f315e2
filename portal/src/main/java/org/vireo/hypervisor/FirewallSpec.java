package org.vireo.hypervisor;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.vireo.base.Cidr;

/**
 * A machine's inbound firewall for its public interfaces, as a libvirt nwfilter named {@code name}: the
 * {@code clean-traffic} rules, then replies and everything the guest starts allowed, new inbound connections only
 * where a rule opens them, everything else dropped.
 */
public record FirewallSpec(String name, List<Rule> rules) {
    public static final Pattern FILTER_NAME = Pattern.compile("^vireo-fw-[a-z0-9-]{1,64}$");

    /** {@code protocol} tcp, udp or icmp; ports only for tcp and udp; new connections from {@code source}. */
    public record Rule(String protocol, int portFrom, int portTo, Cidr source) {
        public Rule {
            if (!List.of("tcp", "udp", "icmp").contains(protocol)) {
                throw new IllegalArgumentException("protocol is tcp, udp or icmp");
            }
            if (protocol.equals("icmp")
                    ? portFrom != 0 || portTo != 0
                    : portFrom < 1 || portTo > 65535 || portFrom > portTo) {
                throw new IllegalArgumentException("ports out of range");
            }
            Objects.requireNonNull(source, "source");
        }
    }

    public FirewallSpec {
        SpecValues.check(FILTER_NAME, name, "filter name");
        rules = List.copyOf(rules);
    }
}
