package org.vireo.hypervisor;

import java.util.List;

/**
 * What a guest's qemu-guest-agent says of it ({@code osName} and {@code hostname} may be null when the agent does
 * not tell); {@code addresses}: the IPv4 and IPv6 addresses of its interfaces but loopback, as the guest has them.
 */
public record GuestInfo(String osName, String hostname, List<String> addresses) {
    public GuestInfo {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
