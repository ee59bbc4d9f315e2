package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.vireo.machines.BackupSchedule.Frequency;

/** When a schedule runs next: its local time in its zone, across days, weeks and clock changes. */
class BackupScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void dailyIsTodayWhileTheTimeIsAheadElseTomorrow() {
        var at3 = LocalTime.of(3, 0);
        assertThat(BackupSchedule.next(Frequency.DAILY, null, at3, BERLIN, Instant.parse("2026-12-07T01:59:00Z")))
                .isEqualTo(Instant.parse("2026-12-07T02:00:00Z"));
        // exactly at the time: that run is the one being started, the next is tomorrow's
        assertThat(BackupSchedule.next(Frequency.DAILY, null, at3, BERLIN, Instant.parse("2026-12-07T02:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T02:00:00Z"));
    }

    @Test
    void weeklyIsTheNextOfItsDay() {
        var at2330 = LocalTime.of(23, 30);
        // Monday 7 December 2026: the next Sunday is the 13th; 23:30 in Berlin is 22:30 UTC
        assertThat(BackupSchedule.next(
                        Frequency.WEEKLY, DayOfWeek.SUNDAY, at2330, BERLIN, Instant.parse("2026-12-07T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-13T22:30:00Z"));
        // on its day after its time: a week later
        assertThat(BackupSchedule.next(
                        Frequency.WEEKLY, DayOfWeek.SUNDAY, at2330, BERLIN, Instant.parse("2026-12-13T22:31:00Z")))
                .isEqualTo(Instant.parse("2026-12-20T22:30:00Z"));
    }

    @Test
    void aTimeTheClockSkipsRunsAfterTheGapAndARepeatedOneOnce() {
        var at0230 = LocalTime.of(2, 30);
        // 29 March 2026: Berlin goes from 02:00 to 03:00; 02:30 does not exist, the run is at 03:30 CEST (01:30 UTC)
        assertThat(BackupSchedule.next(Frequency.DAILY, null, at0230, BERLIN, Instant.parse("2026-03-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        // 25 October 2026: 02:30 happens twice; the run is at the first (CEST, 00:30 UTC), then the next day
        var first = BackupSchedule.next(Frequency.DAILY, null, at0230, BERLIN, Instant.parse("2026-10-24T12:00:00Z"));
        assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(BackupSchedule.next(Frequency.DAILY, null, at0230, BERLIN, first))
                .isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }
}
