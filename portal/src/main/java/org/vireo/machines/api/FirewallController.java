package org.vireo.machines.api;

import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.machines.FirewallRule;
import org.vireo.machines.MachineFirewalls;

/** {@code /api/v1/machines/{id}/firewall}: the inbound rules of a machine's public addresses. */
@RestController
@RequestMapping(path = "/api/v1/machines/{id}/firewall", produces = "application/json")
class FirewallController {
    private final MachineFirewalls firewalls;

    FirewallController(MachineFirewalls firewalls) {
        this.firewalls = firewalls;
    }

    record FirewallJson(List<FirewallRule> rules) {}

    @GetMapping
    FirewallJson get(@PathVariable UUID id) {
        return new FirewallJson(firewalls.rules(id));
    }

    /** 200 with the rules, applied live; a bad rule 400 naming {@code rules[i].protocol|ports|source}. */
    @PutMapping(consumes = "application/json")
    FirewallJson put(@PathVariable UUID id, @RequestBody FirewallJson body) {
        if (body == null) {
            throw new InvalidInputException("rules", "validation.required");
        }
        return new FirewallJson(firewalls.replace(id, body.rules(), AuditSource.API));
    }
}
