package org.vireo.hosts;

/**
 * What a host's libvirt says now: reachable or not (with the reason), its size, and how many of Vireo's domains it
 * runs. Sizes are 0 when it cannot be reached. {@code drain}: its last drain, if any (null otherwise).
 * {@code throttleBy}: how it limits machines' interfaces (traffic allowances), {@code libvirt} or
 * {@code host-agent}; else {@code throttleProblem} says why it cannot (both null when it cannot be reached).
 */
public record HostHealth(
        Host host,
        boolean reachable,
        String error,
        String hostname,
        String libvirtVersion,
        int cpus,
        long memoryMiB,
        int domains,
        int runningDomains,
        DrainStatus drain,
        String throttleBy,
        String throttleProblem) {
    /** Whether the host can limit interfaces (it is reachable and has no problem with it). */
    public boolean throttleAvailable() {
        return reachable && throttleBy != null;
    }
}
