package org.vireo.machines.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.Paging;
import org.vireo.machines.BackupSchedule;
import org.vireo.machines.BackupSchedules;

/** {@code /api/v1/machines/{id}/backup-schedules}: when a machine is backed up by itself, and how many are kept. */
@RestController
@RequestMapping(path = "/api/v1/machines/{id}/backup-schedules", produces = "application/json")
class BackupScheduleController {
    private final BackupSchedules schedules;

    BackupScheduleController(BackupSchedules schedules) {
        this.schedules = schedules;
    }

    /** {@code frequency} {@code daily} or {@code weekly} (then {@code dayOfWeek} {@code monday} … {@code sunday}). */
    record ScheduleJson(
            UUID id,
            String frequency,
            String dayOfWeek,
            String time,
            String zone,
            int retention,
            Instant nextRunAt,
            Instant lastRunAt) {
        static ScheduleJson of(BackupSchedule s) {
            return new ScheduleJson(
                    s.id(),
                    s.frequency().name().toLowerCase(Locale.ROOT),
                    s.dayOfWeek() == null ? null : s.dayOfWeek().name().toLowerCase(Locale.ROOT),
                    s.time().toString(),
                    s.zone().getId(),
                    s.retention(),
                    s.nextRunAt(),
                    s.lastRunAt());
        }
    }

    record NewScheduleJson(String frequency, String dayOfWeek, String time, String zone, Integer retention) {}

    /** Oldest first. */
    @GetMapping
    ResponseEntity<List<ScheduleJson>> list(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, schedules.list(id), ScheduleJson::of);
    }

    /** 201; 400 for a bad frequency, day, time, zone or retention; 409 beyond 10 schedules on the machine. */
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    ScheduleJson add(@PathVariable UUID id, @RequestBody NewScheduleJson body) {
        var s = body == null
                ? null
                : new BackupSchedules.NewSchedule(
                        body.frequency(), body.dayOfWeek(), body.time(), body.zone(), body.retention());
        return ScheduleJson.of(schedules.add(id, s, AuditSource.API));
    }

    @DeleteMapping("/{scheduleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id, @PathVariable UUID scheduleId) {
        schedules.delete(id, scheduleId, AuditSource.API);
    }
}
