package org.vireo.console.api;

import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;

/**
 * {@code POST /api/v1/machines/{id}/console}, optionally {@code {"type":"vnc"|"serial"}}: a single-use console URL
 * for a running machine (without a body: VNC).
 */
@RestController
class ConsoleController {
    private final ConsoleService consoles;

    ConsoleController(ConsoleService consoles) {
        this.consoles = consoles;
    }

    record ConsoleJson(String url, Instant expiresAt) {}

    record ConsoleRequest(String type) {}

    @PostMapping(path = "/api/v1/machines/{id}/console", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    ConsoleJson open(@PathVariable UUID id, @RequestBody(required = false) ConsoleRequest body) {
        var t = consoles.issue(id, ConsoleType.parse(body == null ? null : body.type()), AuditSource.API);
        return new ConsoleJson(t.url(), t.expiresAt());
    }
}
