package org.vireo.hypervisor;

/**
 * Cumulative counters of a running domain at one moment: CPU time used by all its vCPUs, memory in use (the
 * guest's own figure when its balloon driver reports one, else the QEMU process's resident size), bytes read and
 * written on its disks, bytes received and sent on its interfaces.
 */
public record DomainStats(long atNanos, int vcpus, long cpuTimeNanos, long memoryUsedKiB, long memoryMaxKiB,
                          long diskReadBytes, long diskWriteBytes, long netRxBytes, long netTxBytes) {
}
