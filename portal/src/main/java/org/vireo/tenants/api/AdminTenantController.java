package org.vireo.tenants.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Sort;
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
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.tenants.Tenant;
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

    record CreateTenantJson(String name, String displayName) {}

    /** {@code status}: {@code ACTIVE} or {@code SUSPENDED}. */
    record TenantJson(UUID id, String name, String displayName, String status, Instant createdAt) {
        static TenantJson of(Tenant t) {
            return new TenantJson(t.id(), t.name(), t.displayName(), t.status().name(), t.createdAt());
        }
    }

    record CreateUserJson(String username, String password, Role role) {}

    record UserJson(UUID id, String username, Role role, UUID tenantId) {}

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    TenantJson create(@RequestBody CreateTenantJson body) {
        return TenantJson.of(tenants.create(
                body == null ? null : body.name(), body == null ? null : body.displayName(), AuditSource.API));
    }

    /** By name; {@code name} filters by a part of it. */
    @GetMapping
    ResponseEntity<List<TenantJson>> list(
            @RequestParam(required = false) String name,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, Sort.by("name"), p -> tenants.find(name, p), TenantJson::of);
    }

    @GetMapping("/{id}")
    TenantJson get(@PathVariable UUID id) {
        return TenantJson.of(tenants.get(id));
    }

    /** Its users can no longer sign in or use tokens, its running machines are powered off. */
    @PostMapping("/{id}/suspend")
    TenantJson suspend(@PathVariable UUID id) {
        return TenantJson.of(tenants.setSuspended(id, true, AuditSource.API));
    }

    @PostMapping("/{id}/resume")
    TenantJson resume(@PathVariable UUID id) {
        return TenantJson.of(tenants.setSuspended(id, false, AuditSource.API));
    }

    /** Only a tenant without machines (409 otherwise), with its users, tokens and quota. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        tenants.delete(id, AuditSource.API);
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
