package org.vireo.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How far a tenant got into its allowance: 80 % and 100 % of it, nothing without one. */
class TrafficAllowancesTest {
    private static final long GIB = TrafficAllowances.GIB;

    @Test
    void levels() {
        assertThat(TrafficAllowances.level(500 * GIB, null)).as("unlimited").isZero();
        assertThat(TrafficAllowances.level(8 * GIB - 1, 10)).isZero();
        assertThat(TrafficAllowances.level(8 * GIB, 10)).isEqualTo(80);
        assertThat(TrafficAllowances.level(10 * GIB - 1, 10)).isEqualTo(80);
        assertThat(TrafficAllowances.level(10 * GIB, 10)).isEqualTo(100);
        assertThat(TrafficAllowances.level(1, 0)).as("nothing included").isEqualTo(100);
    }

    @Test
    void percentOfTheAllowance() {
        assertThat(new TrafficService.Allowance(null, 5 * GIB, 10, 0).percent()).isEqualTo(50);
        assertThat(new TrafficService.Allowance(null, 5 * GIB, null, 0).percent())
                .isZero();
    }
}
