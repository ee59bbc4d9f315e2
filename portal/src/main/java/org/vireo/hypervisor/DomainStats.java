package org.vireo.hypervisor;

import java.util.List;

/**
 * Cumulative counters of a running domain at one moment: CPU time used by all its vCPUs, memory in use (the
 * guest's own figure when its balloon driver reports one, else the QEMU process's resident size), bytes read and
 * written on its disks, bytes received and sent on its interfaces (in all, and per interface). {@code run} tells
 * one run of the domain from the next on its host (libvirt's domain id): counters start at zero in a new run.
 */
public record DomainStats(
        long atNanos,
        int vcpus,
        long cpuTimeNanos,
        long memoryUsedKiB,
        long memoryMaxKiB,
        long diskReadBytes,
        long diskWriteBytes,
        long netRxBytes,
        long netTxBytes,
        int run,
        List<InterfaceCounters> interfaces) {
    public DomainStats {
        interfaces = List.copyOf(interfaces);
    }
}
