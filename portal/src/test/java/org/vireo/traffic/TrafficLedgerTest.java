package org.vireo.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a reading adds: the difference within a run, all of it in a new run or after counters went back. */
class TrafficLedgerTest {
    private static final TrafficLedger.Last KEPT = new TrafficLedger.Last("h1/7", 5_000_000, 1_000, 500);

    @Test
    void aFirstReadingCountsWhole() {
        assertThat(TrafficLedger.delta(null, "h1/7", 1, 1_000, 500)).isEqualTo(new Bytes(1_000, 500));
    }

    @Test
    void theSameRunAddsTheDifference() {
        assertThat(TrafficLedger.delta(KEPT, "h1/7", 6_000_000, 1_600, 500)).isEqualTo(new Bytes(600, 0));
    }

    @Test
    void aNewRunStartsFromZeroEvenWhenItsCountersAreAlreadyHigher() {
        // a restart (or a move) between two readings that already sent more than the last run had
        assertThat(TrafficLedger.delta(KEPT, "h1/8", 9_000_000, 5_000, 9_000)).isEqualTo(new Bytes(5_000, 9_000));
        assertThat(TrafficLedger.delta(KEPT, "h2/7", 9_000_000, 10, 20)).isEqualTo(new Bytes(10, 20));
    }

    @Test
    void theSameDomainIdAfterAHostRebootIsANewRunByItsCpuTime() {
        assertThat(TrafficLedger.delta(KEPT, "h1/7", 4_000_000, 3_000, 900)).isEqualTo(new Bytes(3_000, 900));
    }

    @Test
    void countersThatWentBackStartANewSegment() {
        assertThat(TrafficLedger.delta(KEPT, "h1/7", 6_000_000, 300, 600)).isEqualTo(new Bytes(300, 600));
        assertThat(TrafficLedger.delta(KEPT, "h1/7", 6_000_000, 1_200, 100)).isEqualTo(new Bytes(1_200, 100));
    }
}
