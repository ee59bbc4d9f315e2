package org.vireo.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vireo.base.NotFoundException;
import org.vireo.quotas.internal.TenantQuotaEntity;
import org.vireo.quotas.internal.TenantQuotaRepository;

/**
 * The quota check of a create or a snapshot: usage plus reservations plus the request against the limits, the
 * first exceeded resource named, and a limit lowered below usage blocking only requests that add to it.
 */
class QuotaRulesTest {
    private final UUID tenant = UUID.randomUUID();
    private final TenantQuotaRepository repository = mock(TenantQuotaRepository.class);
    private final QuotaService quotas =
            new QuotaService(repository, null, null, new QuotaDefaults(8, 8192, 100, 5, 10, 2, 100), event -> {});

    private void limits(Resources limits) {
        when(repository.lockByTenantId(tenant)).thenReturn(Optional.of(new TenantQuotaEntity(tenant, limits)));
    }

    private static Usage usage(Resources used, Resources reserved) {
        return new Usage(used, reserved);
    }

    @Test
    void aRequestThatFitsBesideUsageAndReservationsPasses() {
        limits(new Resources(8, 8192, 100, 5, 10, 2));
        var used = new Resources(4, 4096, 50, 2);
        var reserved = new Resources(2, 2048, 25, 1);
        quotas.checkAndLock(tenant, new Resources(2, 2048, 25, 1), () -> usage(used, reserved));
    }

    @Test
    void reservationsOfCreatesInFlightCountAgainstTheLimit() {
        limits(new Resources(8, 8192, 100, 5, 10, 2));
        var used = new Resources(4, 2048, 10, 2);
        var reserved = new Resources(3, 2048, 10, 1);
        assertThatThrownBy(
                        () -> quotas.checkAndLock(tenant, new Resources(2, 1024, 10, 1), () -> usage(used, reserved)))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.resource()).isEqualTo("vcpus");
                    assertThat(e.limit()).isEqualTo(8);
                    assertThat(e.requested()).isEqualTo(2);
                });
    }

    @Test
    void theMachineCountIsNamedBeforeTheOtherResources() {
        limits(new Resources(8, 8192, 100, 2, 10, 2));
        var full = new Resources(8, 8192, 100, 2);
        assertThatThrownBy(() ->
                        quotas.checkAndLock(tenant, new Resources(1, 512, 1, 1), () -> usage(full, Resources.ZERO)))
                .isInstanceOfSatisfying(
                        QuotaExceededException.class,
                        e -> assertThat(e.resource()).isEqualTo("machines"));
    }

    @Test
    void aLimitLoweredBelowUsageBlocksOnlyRequestsThatAddToIt() {
        limits(new Resources(2, 8192, 100, 5, 1, 2));
        var over = new Resources(4, 1024, 10, 1, 3, 0);
        // a snapshot asks for disk and one snapshot: the snapshot count over its limit refuses it
        assertThatThrownBy(() ->
                        quotas.checkAndLock(tenant, new Resources(0, 0, 10, 0, 1), () -> usage(over, Resources.ZERO)))
                .isInstanceOfSatisfying(
                        QuotaExceededException.class,
                        e -> assertThat(e.resource()).isEqualTo("snapshots"));
        // an address asks for no vCPUs: the vCPUs over their lowered limit do not stop it
        quotas.checkAndLock(tenant, Resources.ipv4(1), () -> usage(over, Resources.ZERO));
        assertThatThrownBy(() -> quotas.checkAndLock(tenant, Resources.ipv4(3), () -> usage(over, Resources.ZERO)))
                .isInstanceOfSatisfying(
                        QuotaExceededException.class,
                        e -> assertThat(e.resource()).isEqualTo("ipv4"));
    }

    @Test
    void usageIsReadOnlyAfterTheLockAndAnUnknownTenantIsNotFound() {
        when(repository.lockByTenantId(tenant)).thenReturn(Optional.empty());
        assertThatThrownBy(() -> quotas.checkAndLock(tenant, Resources.ipv4(1), () -> {
                    throw new AssertionError("usage read without the lock");
                }))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void firstExceedingComparesEveryResourceInItsOrder() {
        var limit = new Resources(4, 4096, 40, 2, 3, 1);
        assertThat(new Resources(4, 4096, 40, 2, 3, 1).firstExceeding(limit)).isNull();
        assertThat(new Resources(5, 4097, 40, 2, 3, 1).firstExceeding(limit)).isEqualTo("vcpus");
        assertThat(new Resources(4, 4096, 41, 2, 4, 1).firstExceeding(limit)).isEqualTo("diskGiB");
        assertThat(new Resources(1, 1, 1, 1).plus(Resources.ipv4(2)).firstExceeding(limit))
                .isEqualTo("ipv4");
    }

    @Test
    void aBackupIsRefusedOnceTheBackupsTakeTheLimitAndBackupGiBIsNamedLast() {
        limits(new Resources(8, 8192, 100, 5, 10, 2, 10));
        // 8 GiB stored and one backup being written: one more fits, exactly at the limit
        var written = new Resources(0, 0, 0, 0, 0, 0, 8);
        quotas.checkAndLock(tenant, Resources.backupGiB(1), () -> usage(written, Resources.backupGiB(1)));
        assertThatThrownBy(() -> quotas.checkAndLock(
                        tenant, Resources.backupGiB(1), () -> usage(written, Resources.backupGiB(2))))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.resource()).isEqualTo("backupGiB");
                    assertThat(e.limit()).isEqualTo(10);
                    assertThat(e.inUse()).isEqualTo(10);
                    assertThat(e.requested()).isEqualTo(1);
                    assertThat(e.properties()).containsEntry("limit", "backupGiB");
                });
        // backups stored above the limit (their size is known only afterwards) do not stop a machine
        var overBackups = new Resources(1, 512, 10, 1, 0, 0, 25);
        quotas.checkAndLock(tenant, new Resources(1, 512, 10, 1), () -> usage(overBackups, Resources.ZERO));
        // the first exceeded is named in order, backupGiB after all others
        var limit = new Resources(4, 4096, 40, 2, 3, 1, 5);
        assertThat(new Resources(4, 4096, 40, 2, 3, 1, 5).firstExceeding(limit)).isNull();
        assertThat(new Resources(4, 4096, 40, 2, 3, 1, 6).firstExceeding(limit)).isEqualTo("backupGiB");
        assertThat(new Resources(4, 4096, 40, 2, 3, 2, 6).firstExceeding(limit)).isEqualTo("ipv4");
        assertThat(Resources.ZERO.plus(Resources.backupGiB(6)).firstExceeding(limit, Resources.ipv4(1)))
                .isNull();
    }

    @Test
    void theSixResourceConstructorAndZeroHoldNoBackupStorage() {
        assertThat(new Resources(1, 2, 3, 4, 5, 6).backupGiB()).isZero();
        assertThat(new Resources(1, 2, 3, 4).withIpv4(2).plus(Resources.backupGiB(3)))
                .isEqualTo(new Resources(1, 2, 3, 4, 0, 2, 3));
        assertThat(Resources.ZERO.get("backupGiB")).isZero();
        assertThat(Resources.backupGiB(7).get("backupGiB")).isEqualTo(7);
    }

    @Test
    void aBackupThatTakesTheUseToNinetyPercentIsNamed() {
        var limit = new Resources(0, 0, 0, 0, 0, 0, 10);
        var before = Resources.backupGiB(8);
        var request = Resources.backupGiB(1);
        assertThat(before.plus(request).firstReaching(before, limit, request, 90))
                .isEqualTo("backupGiB");
        var again = before.plus(request);
        assertThat(again.plus(request).firstReaching(again, limit, request, 90)).isNull();
        // a request for something else does not name backup storage
        assertThat(Resources.backupGiB(9).firstReaching(Resources.backupGiB(9), limit, Resources.ipv4(0), 90))
                .isNull();
    }

    @Test
    void aRequestThatCrossesNinetyPercentIsNamedOnce() {
        var limit = new Resources(10, 10_000, 100, 10);
        // 8 -> 9 vCPUs of 10 reaches 90 %; memory stays below; disk was there already
        var before = new Resources(8, 1_000, 95, 1);
        var request = new Resources(1, 1_000, 1, 1);
        assertThat(before.plus(request).firstReaching(before, limit, request, 90))
                .isEqualTo("vcpus");
        // from 90 % on, nothing is reached again
        var again = before.plus(request);
        assertThat(again.plus(request).firstReaching(again, limit, request, 90)).isNull();
        // what the request does not add to is not named, and a zero limit is none
        assertThat(new Resources(9, 0, 0, 0)
                        .firstReaching(new Resources(9, 0, 0, 0), limit, new Resources(0, 0, 0, 0), 90))
                .isNull();
        assertThat(new Resources(1, 0, 0, 0)
                        .firstReaching(Resources.ZERO, new Resources(0, 0, 0, 0), new Resources(1, 0, 0, 0), 90))
                .isNull();
    }
}
