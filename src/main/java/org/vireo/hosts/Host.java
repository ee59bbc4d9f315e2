package org.vireo.hosts;

import java.time.Instant;
import java.util.UUID;

/**
 * A hypervisor host: its libvirt URI, the accelerator its guests use, how far its CPUs and memory may be
 * overcommitted, and whether it is in maintenance (no new machines).
 */
public record Host(UUID id, String name, String uri, String accelerator, double cpuOvercommit,
                   double memoryOvercommit, boolean maintenance, Instant createdAt) {
}
