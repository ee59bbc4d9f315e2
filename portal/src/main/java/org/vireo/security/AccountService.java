package org.vireo.security;

import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.AccessDeniedException;
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
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
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
    private final SignedInSessions sessions;

    AccountService(
            UserAccountRepository accounts,
            PasswordEncoder passwordEncoder,
            AuditLog audit,
            ObjectProvider<TenantGate> tenantGate,
            SignedInSessions sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
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
                .map(a -> new VireoPrincipal(
                        a.toCurrentUser(), a.getPasswordHash(), a.isEnabled() && mayAct(a.toCurrentUser())))
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
            audit.record(
                    caller.username(),
                    caller.tenantId(),
                    "account.create",
                    username,
                    AuditOutcome.DENIED,
                    source,
                    null);
            throw new AccessDeniedException("not allowed");
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
        audit.record(
                caller.username(), tenantId, "account.create", username, AuditOutcome.SUCCESS, source, "role=" + role);
        return saved.toView();
    }

    /** Sets a new password: operators for anyone, tenant admins for their own tenant's users. */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public void resetPassword(UUID accountId, String newPassword, AuditSource source) {
        var caller = CurrentUser.require();
        var account = accounts.findById(accountId)
                .filter(a -> caller.isAdmin()
                        || caller.tenantId().equals(a.toCurrentUser().tenantId()))
                .orElseThrow(() -> new NotFoundException("account"));
        var target = account.toCurrentUser();
        if (!caller.isAdmin() && target.role() == Role.ADMIN) {
            throw new NotFoundException("account");
        }
        checkPassword(target.username(), newPassword);
        account.setPasswordHash(passwordEncoder.encode(newPassword));
        sessions.end(target.id());
        audit.record(
                caller.username(),
                target.tenantId(),
                "account.reset-password",
                target.username(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /**
     * Sets the signed-in user's own new password, with the current one (every user, operators too). Audited; the
     * new one follows the password rules.
     */
    @Transactional
    @PreAuthorize("isAuthenticated()")
    public void changeOwnPassword(String currentPassword, String newPassword, AuditSource source) {
        var caller = CurrentUser.require();
        var account = accounts.findById(caller.id()).orElseThrow(() -> new NotFoundException("account"));
        if (account.getOidcSubject() != null) {
            throw new ConflictException("account.password.sso");
        }
        if (currentPassword == null || !passwordEncoder.matches(currentPassword, account.getPasswordHash())) {
            audit.record(
                    caller.username(),
                    caller.tenantId(),
                    "account.change-password",
                    caller.username(),
                    AuditOutcome.DENIED,
                    source,
                    "wrong current password");
            throw new InvalidInputException("currentPassword", "accounts.current-password-wrong");
        }
        checkPassword(caller.username(), newPassword);
        if (newPassword.equals(currentPassword)) {
            throw new InvalidInputException("password", "accounts.password-unchanged");
        }
        account.setPasswordHash(passwordEncoder.encode(newPassword));
        audit.record(
                caller.username(),
                caller.tenantId(),
                "account.change-password",
                caller.username(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /** Whether the signed-in user has a password of Vireo's (single sign-on accounts sign in elsewhere). */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public boolean hasOwnPassword() {
        return accounts.findById(CurrentUser.require().id())
                .map(a -> a.getOidcSubject() == null)
                .orElse(false);
    }

    /** Operators: a page of all users, or of one tenant's, by name. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public Page<AccountView> page(UUID tenantFilter, Pageable page) {
        var result = tenantFilter == null ? accounts.findAll(page) : accounts.findByTenantId(tenantFilter, page);
        return result.map(UserAccountEntity::toView);
    }

    /**
     * A tenant user's new role ({@code MEMBER} or {@code TENANT_ADMIN}): operators for any tenant, tenant admins for
     * their own. Nobody changes their own role (a tenant must not lose its last admin by accident).
     */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public AccountView changeRole(UUID accountId, Role role, AuditSource source) {
        var caller = CurrentUser.require();
        var account = manageable(caller, accountId);
        var target = account.toCurrentUser();
        if (role == null) {
            throw new InvalidInputException("role", "validation.required");
        }
        if (!role.isTenantRole() || !target.role().isTenantRole()) {
            throw new InvalidInputException("role", "accounts.role-tenant-mismatch");
        }
        if (target.id().equals(caller.id())) {
            throw new ConflictException("accounts.not-yourself");
        }
        account.setRole(role);
        sessions.end(target.id());
        audit.record(
                caller.username(),
                target.tenantId(),
                "account.role",
                target.username(),
                AuditOutcome.SUCCESS,
                source,
                target.role() + " -> " + role);
        return account.toView();
    }

    /** Removes a user (with its tokens and SSH keys): operators any but themselves, tenant admins their tenant's. */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public void remove(UUID accountId, AuditSource source) {
        var caller = CurrentUser.require();
        var account = manageable(caller, accountId);
        var target = account.toCurrentUser();
        if (target.id().equals(caller.id())) {
            throw new ConflictException("accounts.not-yourself");
        }
        accounts.delete(account);
        sessions.end(target.id());
        audit.record(
                caller.username(),
                target.tenantId(),
                "account.remove",
                target.username(),
                AuditOutcome.SUCCESS,
                source,
                "role=" + target.role());
    }

    /** An account the caller may manage: any for operators, their own tenant's for tenant admins; else not found. */
    private UserAccountEntity manageable(CurrentUser caller, UUID accountId) {
        return accounts.findById(accountId)
                .filter(a -> caller.isAdmin()
                        || caller.tenantId().equals(a.toCurrentUser().tenantId()))
                .orElseThrow(() -> new NotFoundException("account"));
    }

    /** Removes all accounts of a tenant that is being deleted (their tokens go with them). */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public void deleteTenantAccounts(UUID tenantId) {
        var removed = accounts.findByTenantIdOrderByUsername(tenantId);
        accounts.deleteAll(removed);
        removed.forEach(a -> sessions.end(a.getId()));
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
        return accounts.findByTenantIdOrderByUsername(tenantId).stream()
                .map(UserAccountEntity::toView)
                .toList();
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
