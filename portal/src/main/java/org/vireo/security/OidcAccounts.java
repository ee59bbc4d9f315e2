package org.vireo.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.Validation;
import org.vireo.security.SingleSignOnRefusedException.Reason;
import org.vireo.security.internal.UserAccountEntity;
import org.vireo.security.internal.UserAccountRepository;

/**
 * The account an OpenID Connect identity signs in as: the one linked to it, or (when operators allow it) a new one
 * in the tenant and with the role its claims name. Claims never make an operator, and a local account is never
 * taken over by its name (see decision 019).
 */
@Service
class OidcAccounts {
    private static final int MAX_SUBJECT = 600;

    private final UserAccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final TenantGate tenants;
    private final AuditLog audit;
    private final OidcSettings settings;
    private final SecureRandom random = new SecureRandom();

    OidcAccounts(
            UserAccountRepository accounts,
            PasswordEncoder passwordEncoder,
            TenantGate tenants,
            AuditLog audit,
            OidcSettings settings) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.tenants = tenants;
        this.audit = audit;
        this.settings = settings;
    }

    /** The signed-in principal for {@code who}, or a {@link SingleSignOnRefusedException} saying why not. */
    @Transactional
    public VireoPrincipal signIn(OidcIdentity who) {
        if (who.subject().length() > MAX_SUBJECT) {
            throw new SingleSignOnRefusedException(Reason.CLAIMS, who.username(), null);
        }
        var linked = accounts.findByOidcSubject(who.subject());
        var account = linked.isPresent() ? linked.get() : create(who);
        var user = account.toCurrentUser();
        // The provider says which tenant the person belongs to now; an account of another tenant is not used.
        if (linked.isPresent()
                && who.tenant() != null
                && !tenants.named(who.tenant()).equals(Optional.ofNullable(user.tenantId()))) {
            throw new SingleSignOnRefusedException(Reason.UNKNOWN_TENANT, user.username(), user.tenantId());
        }
        if (!account.isEnabled() || (user.tenantId() != null && !tenants.isActive(user.tenantId()))) {
            throw new SingleSignOnRefusedException(Reason.SUSPENDED, user.username(), user.tenantId());
        }
        return new VireoPrincipal(user, null, true);
    }

    private UserAccountEntity create(OidcIdentity who) {
        if (!settings.createUsers()) {
            throw new SingleSignOnRefusedException(Reason.UNKNOWN_USER, who.username(), null);
        }
        String username = who.username() == null ? "" : who.username().toLowerCase(Locale.ROOT);
        if (!Validation.NAME.matcher(username).matches()) {
            throw new SingleSignOnRefusedException(Reason.CLAIMS, who.username(), null);
        }
        UUID tenantId =
                who.tenant() == null ? null : tenants.named(who.tenant()).orElse(null);
        if (tenantId == null) {
            throw new SingleSignOnRefusedException(Reason.UNKNOWN_TENANT, username, null);
        }
        Role role = role(who.role());
        if (role == null) {
            throw new SingleSignOnRefusedException(Reason.ROLE, username, tenantId);
        }
        if (!tenants.isActive(tenantId)) {
            throw new SingleSignOnRefusedException(Reason.SUSPENDED, username, tenantId);
        }
        if (accounts.existsByUsername(username)) {
            throw new SingleSignOnRefusedException(Reason.NAME_TAKEN, username, tenantId);
        }
        // Nobody knows this password: the account signs in through the provider (an operator may set one).
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var hash = passwordEncoder.encode(Base64.getEncoder().encodeToString(bytes));
        var account = accounts.save(UserAccountEntity.linked(who.subject(), username, hash, role, tenantId));
        audit.record(
                username,
                tenantId,
                "account.create",
                username,
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                "role=" + role + ", single sign-on");
        return account;
    }

    /** {@code member} (also when the claim is missing) or {@code tenant_admin}; anything else (admin too): null. */
    static Role role(String claim) {
        if (claim == null) {
            return Role.MEMBER;
        }
        return switch (claim.toLowerCase(Locale.ROOT)) {
            case "member" -> Role.MEMBER;
            case "tenant_admin" -> Role.TENANT_ADMIN;
            default -> null;
        };
    }
}
