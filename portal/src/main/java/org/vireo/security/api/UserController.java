package org.vireo.security.api;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.vireo.security.AccountService;
import org.vireo.security.AccountView;
import org.vireo.security.CurrentUser;
import org.vireo.security.Role;
import org.vireo.security.TwoFactorService;

/**
 * {@code /api/v1/users}: tenant admins list, add, re-role and remove their tenant's users; operators all users
 * (filter {@code tenant}). Members get 403. The account service authorizes every call.
 */
@RestController
@RequestMapping(path = "/api/v1/users", produces = "application/json")
class UserController {
    private final AccountService accounts;
    private final TwoFactorService twoFactor;

    UserController(AccountService accounts, TwoFactorService twoFactor) {
        this.accounts = accounts;
        this.twoFactor = twoFactor;
    }

    record UserJson(
            UUID id, String username, Role role, UUID tenantId, boolean enabled, Instant createdAt, boolean twoFactor) {
        static UserJson of(AccountView a) {
            return new UserJson(
                    a.id(), a.username(), a.role(), a.tenantId(), a.enabled(), a.createdAt(), a.twoFactor());
        }
    }

    record AddUserJson(String username, String password, Role role) {}

    record RoleJson(Role role) {}

    @GetMapping
    ResponseEntity<List<UserJson>> list(
            @RequestParam(required = false) UUID tenant,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        var caller = CurrentUser.require();
        if (caller.isAdmin()) {
            return Paging.respond(page, size, Sort.by("username"), p -> accounts.page(tenant, p), UserJson::of);
        }
        return Paging.respond(page, size, accounts.listTenantAccounts(caller.tenantId()), UserJson::of);
    }

    /** Tenant admins add a user to their own tenant (operators add users under {@code /api/v1/admin/tenants}). */
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    UserJson add(@RequestBody AddUserJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        var caller = CurrentUser.require();
        if (caller.tenantId() == null) {
            throw new InvalidInputException("tenant", "accounts.operator-has-no-tenant");
        }
        return UserJson.of(
                accounts.create(body.username(), body.password(), body.role(), caller.tenantId(), AuditSource.API));
    }

    @PutMapping(path = "/{id}/role", consumes = "application/json")
    UserJson role(@PathVariable UUID id, @RequestBody RoleJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return UserJson.of(accounts.changeRole(id, body.role(), AuditSource.API));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable UUID id) {
        accounts.remove(id, AuditSource.API);
    }

    /** Operators take two-factor sign-in off a user who lost their authenticator and recovery codes. */
    @DeleteMapping("/{id}/two-factor")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void resetTwoFactor(@PathVariable UUID id) {
        twoFactor.reset(id, AuditSource.API);
    }
}
