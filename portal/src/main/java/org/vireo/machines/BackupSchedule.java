package org.vireo.machines;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;

/**
 * A machine's backup schedule: {@code daily}, or {@code weekly} on {@code dayOfWeek}, at {@code time} in
 * {@code zone}; it keeps the newest {@code retention} of the backups it took (manual ones are not counted).
 */
public record BackupSchedule(
        UUID id,
        UUID machineId,
        Frequency frequency,
        DayOfWeek dayOfWeek,
        LocalTime time,
        ZoneId zone,
        int retention,
        Instant nextRunAt,
        Instant lastRunAt) {

    public enum Frequency {
        DAILY,
        WEEKLY
    }

    /**
     * The first time after {@code after} that the schedule names: the local time on the next matching day (a time
     * that a clock change skips is taken as the time after the gap; one it repeats, at its first occurrence).
     */
    public static Instant next(Frequency frequency, DayOfWeek day, LocalTime time, ZoneId zone, Instant after) {
        LocalDate date = after.atZone(zone).toLocalDate();
        if (frequency == Frequency.WEEKLY) {
            date = date.with(TemporalAdjusters.nextOrSame(day));
        }
        while (true) {
            Instant candidate = ZonedDateTime.of(date, time, zone).toInstant();
            if (candidate.isAfter(after)) {
                return candidate;
            }
            date = frequency == Frequency.WEEKLY ? date.plusWeeks(1) : date.plusDays(1);
        }
    }
}
