package org.vireo.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ImportPaceTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final ImportLimits limits = new ImportLimits(
            Duration.ofHours(6),
            DataSize.ofKilobytes(64),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            10,
            List.of());

    @Test
    void aTransferAtTheFloorGoesOnWindowAfterWindow() {
        var pace = new ImportPace(T0, limits);
        for (int window = 1; window <= 10; window++) {
            pace.add(64L * 1024 * 300);
            assertThat(pace.verdict(T0.plus(Duration.ofMinutes(5L * window)))).isNull();
        }
    }

    @Test
    void aByteNowAndThenFailsAfterOneWindowNotNever() {
        var pace = new ImportPace(T0, limits);
        for (int minute = 1; minute < 5; minute++) {
            pace.add(1);
            assertThat(pace.verdict(T0.plus(Duration.ofMinutes(minute)))).isNull();
        }
        assertThat(pace.verdict(T0.plus(Duration.ofMinutes(5)))).isEqualTo("templates.import-too-slow");
    }

    @Test
    void aFastStartDoesNotCarryASilentServerPastTheNextWindow() {
        var pace = new ImportPace(T0, limits);
        pace.add(1L << 30);
        assertThat(pace.verdict(T0.plus(Duration.ofMinutes(5)))).isNull();
        assertThat(pace.verdict(T0.plus(Duration.ofMinutes(10)))).isEqualTo("templates.import-too-slow");
    }

    @Test
    void theDeadlineHoldsHoweverFastItMoves() {
        var pace = new ImportPace(
                T0,
                new ImportLimits(
                        Duration.ofMinutes(20),
                        DataSize.ofKilobytes(64),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        10,
                        List.of()));
        pace.add(1L << 40);
        assertThat(pace.verdict(T0.plus(Duration.ofMinutes(19)))).isNull();
        assertThat(pace.verdict(T0.plus(Duration.ofMinutes(20)))).isEqualTo("templates.import-timeout");
    }

    @Test
    void aBadTimeoutNamesItsVariable() {
        Assertions.assertThatThrownBy(() -> new ImportLimits(
                        Duration.ZERO,
                        DataSize.ofKilobytes(64),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        10,
                        List.of()))
                .hasMessageContaining("VIREO_IMPORT_TIMEOUT");
    }
}
