package org.vireo.machines.api;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.machines.MachineMigrations;
import org.vireo.machines.MachineService;

/** {@code /api/v1/admin/machines}: operators move machines between hosts. */
@RestController
class AdminMachineController {
    private final MachineService machines;
    private final MachineMigrations migrations;
    private final MachineController json;

    AdminMachineController(MachineService machines, MachineMigrations migrations, MachineController json) {
        this.machines = machines;
        this.migrations = migrations;
        this.json = json;
    }

    /**
     * 202 with the machine as it was: it moves in the background (live, with its disk), its progress in its
     * {@code stateDetail}, its {@code hostId} the target's once libvirt reported success. 409 with the reason when
     * it cannot move (its state, the target, what it has attached).
     */
    @PostMapping(
            path = "/api/v1/admin/machines/{id}/migrate",
            consumes = "application/json",
            produces = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MachineController.MachineJson migrate(@PathVariable UUID id, @RequestBody MoveJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return json.json(migrations.migrate(id, body.hostId(), AuditSource.API));
    }

    /** 202: the machine's move in progress is cancelled; it keeps running where it is. */
    @PostMapping(path = "/api/v1/admin/machines/{id}/migrate/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void cancelMigration(@PathVariable UUID id) {
        migrations.cancel(id, AuditSource.API);
    }

    record MoveJson(UUID hostId) {}

    /** 200 machine; 409 unless it is stopped, defined on the target host and gone from the old one. */
    @PostMapping(
            path = "/api/v1/admin/machines/{id}/host",
            consumes = "application/json",
            produces = "application/json")
    MachineController.MachineJson move(@PathVariable UUID id, @RequestBody MoveJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return json.json(machines.moveToHost(id, body.hostId(), AuditSource.API));
    }
}
