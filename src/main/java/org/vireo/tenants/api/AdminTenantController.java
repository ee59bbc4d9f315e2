package org.vireo.tenants.api;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.tenants.TenantService;

/** {@code /api/v1/admin/tenants}: operators create and list tenants and add their users. */
@RestController
@RequestMapping(path = "/api/v1/admin/tenants", produces = "application/json")
class AdminTenantController {
    private final TenantService tenants;
    private final AccountService accounts;

    AdminTenantController(TenantService tenants, AccountService accounts) {
        this.tenants = tenants;
        this.accounts = accounts;
    }

    record CreateTenantJson(String name) {
    }

    record TenantJson(UUID id, String name) {
    }

    record CreateUserJson(String username, String password, Role role) {
    }

    record UserJson(UUID id, String username, Role role, UUID tenantId) {
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    TenantJson create(@RequestBody CreateTenantJson body) {
        var t = tenants.create(body == null ? null : body.name(), null, AuditSource.API);
        return new TenantJson(t.id(), t.name());
    }

    @GetMapping
    List<TenantJson> list() {
        return tenants.list().stream().map(t -> new TenantJson(t.id(), t.name())).toList();
    }

    @PostMapping(path = "/{id}/users", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    UserJson addUser(@PathVariable UUID id, @RequestBody CreateUserJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        var tenant = tenants.get(id);
        if (body.role() == Role.ADMIN) {
            throw new InvalidInputException("role", "accounts.role-tenant-mismatch");
        }
        var a = accounts.create(body.username(), body.password(), body.role(), tenant.id(), AuditSource.API);
        return new UserJson(a.id(), a.username(), a.role(), a.tenantId());
    }
}
