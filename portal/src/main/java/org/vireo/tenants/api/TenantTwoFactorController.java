package org.vireo.tenants.api;

import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.security.TwoFactorService;
import org.vireo.tenants.TenantService;

/**
 * {@code /api/v1/tenants/{id}/two-factor}: whether a tenant's users must sign in with a second factor. Its tenant
 * admins and operators read and change it; members get 403, another tenant's admin 404.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{id}/two-factor", produces = "application/json")
class TenantTwoFactorController {
    private final TwoFactorService twoFactor;
    private final TenantService tenants;

    TenantTwoFactorController(TwoFactorService twoFactor, TenantService tenants) {
        this.twoFactor = twoFactor;
        this.tenants = tenants;
    }

    /** {@code required} is also true while the operator requires it of everyone. */
    record TwoFactorJson(Boolean required) {}

    @GetMapping
    TwoFactorJson get(@PathVariable UUID id) {
        return new TwoFactorJson(required(id));
    }

    @PutMapping(consumes = "application/json")
    TwoFactorJson change(@PathVariable UUID id, @RequestBody TwoFactorJson body) {
        // who may not see the tenant learns nothing of the body's faults
        required(id);
        if (body == null || body.required() == null) {
            throw new InvalidInputException("required", "validation.required");
        }
        twoFactor.requireForTenant(id, body.required(), AuditSource.API);
        return new TwoFactorJson(twoFactor.requiredForTenant(id));
    }

    /** The service refuses members (403) and other tenants (404); an unknown tenant is 404 for operators too. */
    private boolean required(UUID id) {
        boolean required = twoFactor.requiredForTenant(id);
        tenants.get(id);
        return required;
    }
}
