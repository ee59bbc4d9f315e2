package org.vireo.machines;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.machines.internal.BackupRepository;
import org.vireo.quotas.Resources;
import org.vireo.quotas.Usage;
import org.vireo.quotas.UsageSource;

/**
 * What a tenant's backups take of its {@code backupGiB} quota: its complete backups (hidden ones too, still stored
 * as the base of a later one) with the bytes they store, rounded up to whole GiB; each backup being written holds 1
 * GiB reserved until it ends (its size is known only then). Failed ones take nothing.
 */
@Component
class BackupUsage implements UsageSource {
    private static final long GIB = 1L << 30;

    private final BackupRepository backups;

    BackupUsage(BackupRepository backups) {
        this.backups = backups;
    }

    @Override
    @Transactional(readOnly = true)
    public Usage usage(UUID tenantId) {
        return usage(List.of(tenantId)).get(tenantId);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Usage> usage(Collection<UUID> tenantIds) {
        var result = new HashMap<UUID, Usage>();
        if (tenantIds.isEmpty()) {
            return result;
        }
        for (var row : backups.usageByTenant(tenantIds)) {
            var usage = switch (row.getState()) {
                case DONE -> new Usage(Resources.backupGiB(gib(row.getStoredBytes())), Resources.ZERO);
                case RUNNING -> new Usage(Resources.ZERO, Resources.backupGiB(clamp(row.getBackups())));
                case FAILED -> Usage.NONE;
            };
            result.merge(row.getTenantId(), usage, Usage::plus);
        }
        tenantIds.forEach(id -> result.putIfAbsent(id, Usage.NONE));
        return result;
    }

    /** Whole GiB, rounded up. */
    static int gib(long bytes) {
        long b = Math.max(0, bytes);
        return clamp(b / GIB + (b % GIB == 0 ? 0 : 1));
    }

    private static int clamp(long n) {
        return (int) Math.min(Integer.MAX_VALUE, n);
    }
}
