package org.vireo.machines.api;

import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.machines.MachineService;

/** {@code /api/v1/admin/machines}: operators' bookkeeping of machines they moved between hosts. */
@RestController
class AdminMachineController {
    private final MachineService machines;
    private final MachineController json;

    AdminMachineController(MachineService machines, MachineController json) {
        this.machines = machines;
        this.json = json;
    }

    record MoveJson(UUID hostId) {
    }

    /** 200 machine; 409 unless it is stopped, defined on the target host and gone from the old one. */
    @PostMapping(path = "/api/v1/admin/machines/{id}/host", consumes = "application/json",
            produces = "application/json")
    MachineController.MachineJson move(@PathVariable UUID id, @RequestBody MoveJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return json.json(machines.moveToHost(id, body.hostId(), AuditSource.API));
    }
}
