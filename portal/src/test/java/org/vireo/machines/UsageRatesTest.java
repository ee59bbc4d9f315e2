package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vireo.hypervisor.DomainStats;

class UsageRatesTest {

    @Test
    void ratesArePerSecondAndCpuIsPerVcpu() {
        var a = new DomainStats(0, 2, 0, 1024, 2048, 0, 0, 1000, 0, -1, List.of());
        // 10 s later: 5 s of CPU on 2 vCPUs = 25 %, 10 MiB read, 1 MiB written, 1000 B/s in
        var b = new DomainStats(
                10_000_000_000L, 2, 5_000_000_000L, 2048, 2048, 10L << 20, 1L << 20, 11_000, 500, -1, List.of());
        var s = UsageHistory.rates(Instant.EPOCH, a, b);
        assertThat(s.cpuPercent()).isEqualTo(25.0);
        assertThat(s.memoryMiB()).isEqualTo(2.0);
        assertThat(s.diskReadBps()).isEqualTo((10L << 20) / 10.0);
        assertThat(s.diskWriteBps()).isEqualTo((1L << 20) / 10.0);
        assertThat(s.netRxBps()).isEqualTo(1000.0);
        assertThat(s.netTxBps()).isEqualTo(50.0);
    }

    @Test
    void aCounterThatWentBackCountsFromZero() {
        var a = new DomainStats(0, 1, 0, 0, 0, 5000, 0, 0, 0, -1, List.of());
        var b = new DomainStats(1_000_000_000L, 1, 0, 0, 0, 100, 0, 0, 0, -1, List.of());
        assertThat(UsageHistory.rates(Instant.EPOCH, a, b).diskReadBps()).isEqualTo(100.0);
    }
}
