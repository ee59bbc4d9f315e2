package org.vireo.machines.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;
import org.vireo.machines.BackupSchedule;

@Entity
@Table(name = "backup_schedule")
public class BackupScheduleEntity {
    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID machineId;

    @Column(nullable = false)
    private UUID tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BackupSchedule.Frequency frequency;

    /** 1 (Monday) to 7 for a weekly schedule, else null. */
    private Integer dayOfWeek;

    /** {@code HH:MM}. */
    @Column(nullable = false)
    private String timeOfDay;

    @Column(nullable = false)
    private String zone;

    private int retention;

    @Column(nullable = false)
    private Instant nextRunAt;

    private Instant lastRunAt;

    @Column(nullable = false)
    private String createdBy;

    @Column(nullable = false)
    private Instant createdAt;

    protected BackupScheduleEntity() {}

    public BackupScheduleEntity(
            UUID machineId,
            UUID tenantId,
            BackupSchedule.Frequency frequency,
            DayOfWeek dayOfWeek,
            LocalTime time,
            ZoneId zone,
            int retention,
            String createdBy) {
        this.id = UUID.randomUUID();
        this.machineId = machineId;
        this.tenantId = tenantId;
        this.frequency = frequency;
        this.dayOfWeek = dayOfWeek == null ? null : dayOfWeek.getValue();
        this.timeOfDay = time.toString();
        this.zone = zone.getId();
        this.retention = retention;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
        this.nextRunAt = BackupSchedule.next(frequency, dayOfWeek, time, zone, createdAt);
    }

    public UUID getId() {
        return id;
    }

    public UUID getMachineId() {
        return machineId;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public int getRetention() {
        return retention;
    }

    public Instant getNextRunAt() {
        return nextRunAt;
    }

    /** The run due at {@link #getNextRunAt()} begins (or is skipped): the next one is the schedule's after now. */
    public void ran(Instant now) {
        var s = toSchedule();
        this.lastRunAt = now;
        this.nextRunAt = BackupSchedule.next(s.frequency(), s.dayOfWeek(), s.time(), s.zone(), now);
    }

    public BackupSchedule toSchedule() {
        return new BackupSchedule(
                id,
                machineId,
                frequency,
                dayOfWeek == null ? null : DayOfWeek.of(dayOfWeek),
                LocalTime.parse(timeOfDay),
                ZoneId.of(zone),
                retention,
                nextRunAt,
                lastRunAt);
    }
}
