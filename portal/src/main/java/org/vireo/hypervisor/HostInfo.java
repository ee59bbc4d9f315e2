package org.vireo.hypervisor;

/** What the host's hypervisor reports about itself, plus the accelerator Vireo uses there. */
public record HostInfo(
        String uri,
        String hypervisorType,
        String hypervisorVersion,
        String libvirtVersion,
        String hostname,
        String cpuModel,
        int cpus,
        long memoryMiB,
        Accelerator accelerator,
        String acceleratorSource) {}
