package org.vireo.quotas;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.quotas.default.*}: a new tenant's quota ({@code VIREO_QUOTA_VCPUS}, {@code VIREO_QUOTA_MEMORY_MIB},
 * {@code VIREO_QUOTA_DISK_GIB}, {@code VIREO_QUOTA_MACHINES}, {@code VIREO_QUOTA_SNAPSHOTS},
 * {@code VIREO_QUOTA_IPV4}, {@code VIREO_QUOTA_BACKUP_GIB}), each within what an operator may set by hand.
 */
@ConfigurationProperties(prefix = "vireo.quotas.default")
public record QuotaDefaults(
        int vcpus, int memoryMib, int diskGib, int machines, int snapshots, int ipv4, int backupGib) {
    public QuotaDefaults {
        Settings.range("VIREO_QUOTA_VCPUS", vcpus, 0, 100_000);
        Settings.range("VIREO_QUOTA_MEMORY_MIB", memoryMib, 0, 1_000_000_000);
        Settings.range("VIREO_QUOTA_DISK_GIB", diskGib, 0, 100_000_000);
        Settings.range("VIREO_QUOTA_MACHINES", machines, 0, 1_000_000);
        Settings.range("VIREO_QUOTA_SNAPSHOTS", snapshots, 0, 1_000_000);
        Settings.range("VIREO_QUOTA_IPV4", ipv4, 0, 1_000_000);
        Settings.range("VIREO_QUOTA_BACKUP_GIB", backupGib, 0, 100_000_000);
    }
}
