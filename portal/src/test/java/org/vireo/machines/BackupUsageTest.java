package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vireo.machines.internal.BackupRepository;
import org.vireo.machines.internal.BackupTotals;
import org.vireo.quotas.Resources;
import org.vireo.quotas.Usage;

/** Backups' quota usage: complete ones with what they store, rounded up to GiB; 1 GiB per one being written. */
class BackupUsageTest {
    private static final long GIB = 1L << 30;

    private final BackupRepository repository = mock(BackupRepository.class);
    private final BackupUsage usage = new BackupUsage(repository);

    private static BackupTotals row(UUID tenantId, Backup.State state, long backups, long storedBytes) {
        return new BackupTotals() {
            @Override
            public UUID getTenantId() {
                return tenantId;
            }

            @Override
            public Backup.State getState() {
                return state;
            }

            @Override
            public long getBackups() {
                return backups;
            }

            @Override
            public long getStoredBytes() {
                return storedBytes;
            }
        };
    }

    @Test
    void storedBytesAreRoundedUpAndBackupsBeingWrittenAreReserved() {
        var a = UUID.randomUUID();
        var b = UUID.randomUUID();
        var none = UUID.randomUUID();
        var tenants = List.of(a, b, none);
        when(repository.usageByTenant(tenants))
                .thenReturn(List.of(
                        row(a, Backup.State.DONE, 3, 2 * GIB + 1),
                        row(a, Backup.State.RUNNING, 2, 0),
                        row(a, Backup.State.FAILED, 4, 0),
                        row(b, Backup.State.DONE, 1, GIB)));
        var result = usage.usage(tenants);
        assertThat(result.get(a)).isEqualTo(new Usage(Resources.backupGiB(3), Resources.backupGiB(2)));
        assertThat(result.get(b)).isEqualTo(new Usage(Resources.backupGiB(1), Resources.ZERO));
        assertThat(result.get(none)).isEqualTo(Usage.NONE);
    }

    @Test
    void wholeGibRoundUp() {
        assertThat(BackupUsage.gib(0)).isZero();
        assertThat(BackupUsage.gib(1)).isEqualTo(1);
        assertThat(BackupUsage.gib(GIB)).isEqualTo(1);
        assertThat(BackupUsage.gib(GIB + 1)).isEqualTo(2);
        assertThat(BackupUsage.gib(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
