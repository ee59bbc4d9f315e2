package org.vireo.security;

import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Validation;
import org.vireo.security.internal.UserAccountEntity;
import org.vireo.security.internal.UserAccountRepository;

/**
 * User accounts: creation with the password policy, lookup for authentication. Passwords are stored as bcrypt
 * hashes only.
 */
@Service
public class AccountService implements UserDetailsService {
    static final int MIN_PASSWORD_LENGTH = 10;
    static final int MAX_PASSWORD_LENGTH = 128;

    private final UserAccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final ObjectProvider<TenantGate> tenantGate;

    AccountService(UserAccountRepository accounts, PasswordEncoder passwordEncoder, AuditLog audit,
                   ObjectProvider<TenantGate> tenantGate) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.tenantGate = tenantGate;
    }

    /** Users of a suspended tenant cannot sign in or use tokens. */
    boolean mayAct(CurrentUser user) {
        var gate = tenantGate.getIfAvailable();
        return user.tenantId() == null || gate == null || gate.isActive(user.tenantId());
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        return accounts.findByUsername(username)
                .map(a -> new VireoPrincipal(a.toCurrentUser(), a.getPasswordHash(),
                        a.isEnabled() && mayAct(a.toCurrentUser())))
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /**
     * Creates an account. Operators may create any; a tenant admin only {@code MEMBER}s and
     * {@code TENANT_ADMIN}s of its own tenant.
     */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public AccountView create(String username, String password, Role role, UUID tenantId, AuditSource source) {
        var caller = CurrentUser.require();
        if (!caller.isAdmin() && (role == Role.ADMIN || !caller.tenantId().equals(tenantId))) {
            audit.record(caller.username(), caller.tenantId(), "account.create", username, AuditOutcome.DENIED,
                    source, null);
            throw new org.springframework.security.access.AccessDeniedException("not allowed");
        }
        Validation.name("username", username);
        checkPassword(username, password);
        if (role == null) {
            throw new InvalidInputException("role", "validation.required");
        }
        if (role.isTenantRole() != (tenantId != null)) {
            throw new InvalidInputException("role", "accounts.role-tenant-mismatch");
        }
        if (accounts.existsByUsername(username)) {
            throw new InvalidInputException("username", "accounts.username-taken");
        }
        var saved = accounts.save(new UserAccountEntity(username, passwordEncoder.encode(password), role, tenantId));
        audit.record(caller.username(), tenantId, "account.create", username, AuditOutcome.SUCCESS, source,
                "role=" + role);
        return saved.toView();
    }

    /** Sets a new password: operators for anyone, tenant admins for their own tenant's users. */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public void resetPassword(UUID accountId, String newPassword, AuditSource source) {
        var caller = CurrentUser.require();
        var account = accounts.findById(accountId)
                .filter(a -> caller.isAdmin() || caller.tenantId().equals(a.toCurrentUser().tenantId()))
                .orElseThrow(() -> new org.vireo.base.NotFoundException("account"));
        var target = account.toCurrentUser();
        if (!caller.isAdmin() && target.role() == Role.ADMIN) {
            throw new org.vireo.base.NotFoundException("account");
        }
        checkPassword(target.username(), newPassword);
        account.setPasswordHash(passwordEncoder.encode(newPassword));
        audit.record(caller.username(), target.tenantId(), "account.reset-password", target.username(),
                AuditOutcome.SUCCESS, source, null);
    }

    /** Removes all accounts of a tenant that is being deleted (their tokens go with them). */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public void deleteTenantAccounts(UUID tenantId) {
        accounts.deleteAll(accounts.findByTenantIdOrderByUsername(tenantId));
    }

    @Transactional(readOnly = true)
    public boolean anyAdminExists() {
        return accounts.existsByRole(Role.ADMIN);
    }

    @Transactional(readOnly = true)
    public boolean exists(String username) {
        return accounts.existsByUsername(username);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN') or (hasRole('TENANT_ADMIN') and #tenantId == principal.currentUser().tenantId())")
    public List<AccountView> listTenantAccounts(UUID tenantId) {
        return accounts.findByTenantIdOrderByUsername(tenantId).stream().map(UserAccountEntity::toView).toList();
    }

    static void checkPassword(String username, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "accounts.password-too-short", MIN_PASSWORD_LENGTH);
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "validation.too-long", MAX_PASSWORD_LENGTH);
        }
        if (Validation.hasInvisible(password)) {
            // Any printable character is fine (passwords are only hashed), but not what cannot be typed or seen.
            throw new InvalidInputException("password", "accounts.password-characters");
        }
        if (password.equalsIgnoreCase(username)) {
            throw new InvalidInputException("password", "accounts.password-is-username");
        }
    }
}
