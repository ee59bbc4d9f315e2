package org.vireo.hypervisor;

/** What a guest's qemu-guest-agent says of it (either may be null when the agent does not tell). */
public record GuestInfo(String osName, String hostname) {
}
