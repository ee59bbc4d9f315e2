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
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.vireo.machines.Backup;
import org.vireo.machines.BackupRestores;
import org.vireo.machines.MachineBackups;

/**
 * {@code /api/v1/machines/{id}/backups}: a machine's backups, taken (whole or incremental, decided by Vireo),
 * restored onto the stopped machine, deleted.
 */
@RestController
@RequestMapping(path = "/api/v1/machines/{id}/backups", produces = "application/json")
class BackupController {
    private final MachineBackups backups;
    private final BackupRestores restores;
    private final MachineController machines;

    BackupController(MachineBackups backups, BackupRestores restores, MachineController machines) {
        this.backups = backups;
        this.restores = restores;
        this.machines = machines;
    }

    /**
     * {@code state}: {@code running}, {@code done} or {@code failed}; {@code kind}: {@code whole} or
     * {@code incremental}; {@code failure} (failed ones only): {@code target-full} or {@code error}.
     */
    record BackupJson(
            UUID id,
            String state,
            String kind,
            UUID baseId,
            boolean live,
            boolean frozen,
            long storedBytes,
            String createdBy,
            UUID scheduleId,
            Instant createdAt,
            Instant finishedAt,
            String failure) {
        static BackupJson of(Backup b) {
            return new BackupJson(
                    b.id(),
                    b.state().name().toLowerCase(Locale.ROOT),
                    b.whole() ? "whole" : "incremental",
                    b.baseId(),
                    b.live(),
                    b.frozen(),
                    b.storedBytes(),
                    b.createdBy(),
                    b.scheduleId(),
                    b.createdAt(),
                    b.finishedAt(),
                    b.failure() == null
                            ? null
                            : b.failure().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    /** Oldest first. */
    @GetMapping
    ResponseEntity<List<BackupJson>> list(
            @PathVariable UUID id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, backups.list(id), BackupJson::of);
    }

    @GetMapping("/{backupId}")
    BackupJson get(@PathVariable UUID id, @PathVariable UUID backupId) {
        return BackupJson.of(backups.get(id, backupId));
    }

    /** 202 with the backup begun ({@code running}); 409 while the machine is busy or its host has no backup target. */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    BackupJson take(@PathVariable UUID id) {
        return BackupJson.of(backups.backup(id, AuditSource.API));
    }

    /** The stopped machine's disk back to the backup (its snapshots are deleted); 409 unless it is stopped. */
    @PostMapping("/{backupId}/restore")
    MachineController.MachineJson restore(@PathVariable UUID id, @PathVariable UUID backupId) {
        return machines.json(restores.restore(id, backupId, AuditSource.API));
    }

    record NewMachineJson(String name) {}

    /**
     * 201 a new machine (the backed-up machine's template and sizes, on the host holding the backup) whose disk is
     * the backup's, started; quota and name rules as at create.
     */
    @PostMapping(path = "/{backupId}/restore-as-new", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    MachineController.MachineJson restoreAsNew(
            @PathVariable UUID id, @PathVariable UUID backupId, @RequestBody NewMachineJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return machines.json(restores.restoreAsNew(id, backupId, body.name(), AuditSource.API));
    }

    /** 204; 409 while it is being written or the machine is busy. */
    @DeleteMapping("/{backupId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id, @PathVariable UUID backupId) {
        backups.delete(id, backupId, AuditSource.API);
    }
}
