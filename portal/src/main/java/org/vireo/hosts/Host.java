package org.vireo.hosts;

import java.time.Instant;
import java.util.UUID;
import org.vireo.hypervisor.NetworkDns;
import org.vireo.hypervisor.NetworkMode;

/**
 * A hypervisor host: its libvirt URI, the accelerator its guests use, how far its CPUs and memory may be
 * overcommitted, whether it is in maintenance (no new machines), and the console proxy next to it (null: the
 * portal's own proxy reaches its VNC servers), how it serves its tenants' private networks (outbound and DNS), and
 * where other hosts send it a machine that moves there ({@code migrationAddress}; null: no migrations), and where
 * its machines' backups go ({@code backupDir}, a directory apart from the machine pool; null: no backups).
 */
public record Host(
        UUID id,
        String name,
        String uri,
        String accelerator,
        double cpuOvercommit,
        double memoryOvercommit,
        boolean maintenance,
        Instant createdAt,
        String consoleUrl,
        NetworkMode networkMode,
        NetworkDns dns,
        String migrationAddress,
        String backupDir) {}
