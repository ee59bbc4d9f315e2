package org.vireo.hosts;

/**
 * What a host's libvirt says now: reachable or not (with the reason), its size, and how many of Vireo's domains it
 * runs. Sizes are 0 when it cannot be reached. {@code drain}: its last drain, if any (null otherwise).
 */
public record HostHealth(Host host, boolean reachable, String error, String hostname, String libvirtVersion, int cpus,
                         long memoryMiB, int domains, int runningDomains, DrainStatus drain) {
}
