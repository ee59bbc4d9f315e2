package org.vireo.machines;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.cluster.NodeLease;
import org.vireo.machines.internal.BackupScheduleEntity;
import org.vireo.machines.internal.BackupScheduleRepository;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;

/**
 * Machines' backup schedules: several per machine, each adds its own (none replaces another), each keeps its own
 * newest backups. The portal node holding the lease starts the due ones; a run that the machine refuses (busy, no
 * backup target) is audited and the schedule waits for its next time.
 */
@Service
public class BackupSchedules {
    private static final Logger log = LoggerFactory.getLogger(BackupSchedules.class);
    static final int MAX_PER_MACHINE = 10;
    static final int MAX_RETENTION = 100;
    private static final Pattern TIME = Pattern.compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");

    private final MachineService machines;
    private final BackupScheduleRepository schedules;
    private final MachineBackups backups;
    private final OperationRunner runner;
    private final NodeLease lease;
    private final AuditLog audit;

    BackupSchedules(
            MachineService machines,
            BackupScheduleRepository schedules,
            MachineBackups backups,
            OperationRunner runner,
            NodeLease lease,
            AuditLog audit) {
        this.machines = machines;
        this.schedules = schedules;
        this.backups = backups;
        this.runner = runner;
        this.lease = lease;
        this.audit = audit;
    }

    /** What a new schedule asks for: {@code frequency} {@code daily} or {@code weekly}, {@code time} HH:MM. */
    public record NewSchedule(String frequency, String dayOfWeek, String time, String zone, Integer retention) {}

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public List<BackupSchedule> list(UUID machineId) {
        machines.get(machineId); // the caller's tenant's, else not found
        return schedules.findByMachineIdOrderByCreatedAtAscIdAsc(machineId).stream()
                .map(BackupScheduleEntity::toSchedule)
                .toList();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public BackupSchedule add(UUID machineId, NewSchedule s, AuditSource source) {
        var machine = machines.get(machineId);
        machines.requireActive(machine.tenantId());
        if (s == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        BackupSchedule.Frequency frequency = frequency(s.frequency());
        DayOfWeek day = frequency == BackupSchedule.Frequency.WEEKLY ? day(s.dayOfWeek()) : null;
        if (s.time() == null || !TIME.matcher(s.time()).matches()) {
            throw new InvalidInputException("time", "backups.schedule.time-invalid");
        }
        ZoneId zone = zone(s.zone());
        int retention = Validation.range("retention", s.retention(), 1, MAX_RETENTION);
        var caller = CurrentUser.require();
        var saved = runner.inTransaction(() -> {
            if (schedules.countByMachineId(machineId) >= MAX_PER_MACHINE) {
                throw new ConflictException("backups.schedule.too-many", MAX_PER_MACHINE);
            }
            return schedules.save(new BackupScheduleEntity(
                    machineId,
                    machine.tenantId(),
                    frequency,
                    day,
                    LocalTime.parse(s.time()),
                    zone,
                    retention,
                    caller.username()));
        });
        var schedule = saved.toSchedule();
        audit.record(
                caller.username(),
                machine.tenantId(),
                "machine.backup-schedule.add",
                machine.name(),
                AuditOutcome.SUCCESS,
                source,
                describe(schedule));
        return schedule;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public void delete(UUID machineId, UUID scheduleId, AuditSource source) {
        var machine = machines.get(machineId);
        var row = schedules
                .findById(scheduleId)
                .filter(s -> s.getMachineId().equals(machineId))
                .orElseThrow(() -> new NotFoundException("schedule"));
        runner.inTransaction(() -> schedules.deleteById(row.getId()));
        audit.record(
                CurrentUser.require().username(),
                machine.tenantId(),
                "machine.backup-schedule.delete",
                machine.name(),
                AuditOutcome.SUCCESS,
                source,
                describe(row.toSchedule()));
    }

    @Scheduled(fixedDelayString = "${vireo.backups.schedule-poll:PT30S}")
    void runDueSchedules() {
        if (lease.isLeader()) {
            runDue(Instant.now());
        }
    }

    /** Starts the schedules due at {@code now} (each moves on to its next time first, so it runs once). */
    void runDue(Instant now) {
        for (UUID id : schedules.due(now)) {
            var claimed = runner.inTransaction(() -> schedules
                    .lockById(id)
                    .filter(s -> !s.getNextRunAt().isAfter(now))
                    .map(s -> {
                        s.ran(now);
                        return s.toSchedule();
                    })
                    .orElse(null));
            if (claimed == null) {
                continue; // another node started it, or it was deleted
            }
            try {
                SystemActor.run(() -> backups.scheduled(claimed.machineId(), claimed.id(), claimed.retention()));
            } catch (RuntimeException e) {
                log.info("scheduled backup of machine {} not taken: {}", claimed.machineId(), e.getMessage());
            }
        }
    }

    /** A deleted machine's schedules go with it. */
    @EventListener
    void machineDeleted(MachineChanged change) {
        if (change.deleted() && !MachineChanged.relayed()) {
            runner.inTransaction(
                    () -> schedules.deleteAll(schedules.findByMachineIdOrderByCreatedAtAscIdAsc(change.machineId())));
        }
    }

    private static String describe(BackupSchedule s) {
        return s.frequency().name().toLowerCase(Locale.ROOT)
                + (s.dayOfWeek() == null ? "" : " " + s.dayOfWeek().name().toLowerCase(Locale.ROOT))
                + " " + s.time() + " " + s.zone() + ", keeps " + s.retention();
    }

    private static BackupSchedule.Frequency frequency(String value) {
        try {
            return BackupSchedule.Frequency.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("frequency", "backups.schedule.frequency-invalid");
        }
    }

    private static DayOfWeek day(String value) {
        try {
            return DayOfWeek.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidInputException("dayOfWeek", "backups.schedule.day-invalid");
        }
    }

    /** An IANA region ({@code Europe/Berlin}) or {@code UTC}; offsets and abbreviations are refused. */
    private static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("zone", "backups.schedule.zone-invalid");
        }
        try {
            var zone = ZoneId.of(value.strip());
            if (!ZoneId.getAvailableZoneIds().contains(zone.getId())) {
                throw new InvalidInputException("zone", "backups.schedule.zone-invalid");
            }
            return zone;
        } catch (DateTimeException e) {
            throw new InvalidInputException("zone", "backups.schedule.zone-invalid");
        }
    }
}
