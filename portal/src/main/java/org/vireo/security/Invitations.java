package org.vireo.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.UnavailableException;
import org.vireo.base.Validation;
import org.vireo.mail.Mailer;
import org.vireo.security.internal.InvitationEntity;
import org.vireo.security.internal.InvitationRepository;
import org.vireo.security.internal.UserAccountEntity;
import org.vireo.security.internal.UserAccountRepository;

/**
 * A tenant admin invites a person by e-mail: the mailed link (valid 72 h, good once) lets them choose a username and
 * password and join the tenant in the role the admin chose, with the invited address as their confirmed one.
 */
@Service
public class Invitations {
    static final Duration VALID = Duration.ofHours(72);
    /** Open invitations per tenant: enough for a team, too few to send mail in bulk. */
    static final int MAX_OPEN = 50;

    private final InvitationRepository invitations;
    private final UserAccountRepository accounts;
    private final PasswordEncoder encoder;
    private final Mailer mailer;
    private final AuditLog audit;
    private final ObjectProvider<TenantGate> tenantGate;

    Invitations(
            InvitationRepository invitations,
            UserAccountRepository accounts,
            PasswordEncoder encoder,
            Mailer mailer,
            AuditLog audit,
            ObjectProvider<TenantGate> tenantGate) {
        this.invitations = invitations;
        this.accounts = accounts;
        this.encoder = encoder;
        this.mailer = mailer;
        this.audit = audit;
        this.tenantGate = tenantGate;
    }

    /** Whether invitations can be sent here (mail is set up). */
    public boolean available() {
        return mailer.enabled();
    }

    /**
     * Mails an invitation into {@code tenantId} (a tenant admin's own tenant; operators any) in a tenant role. A new
     * invitation to the same address replaces the open one (its link stops working).
     */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public InvitationView invite(UUID tenantId, String email, Role role, Locale locale, AuditSource source) {
        var caller = CurrentUser.require();
        UUID tenant = caller.isAdmin() ? tenantId : caller.tenantId();
        if (tenant == null) {
            throw new InvalidInputException("tenantId", "validation.required");
        }
        if (!caller.isAdmin() && tenantId != null && !tenantId.equals(caller.tenantId())) {
            audit.record(
                    caller.username(), caller.tenantId(), "account.invite", email, AuditOutcome.DENIED, source, null);
            throw new AccessDeniedException("not allowed");
        }
        String address = EmailAddresses.normalized(email);
        if (role == null) {
            throw new InvalidInputException("role", "validation.required");
        }
        if (!role.isTenantRole()) {
            throw new InvalidInputException("role", "accounts.role-tenant-mismatch");
        }
        var name = tenantGate.getObject().displayName(tenant);
        if (caller.isAdmin() && name.isEmpty()) {
            throw new NotFoundException("tenant");
        }
        String tenantName = name.orElse("");
        if (!mailer.enabled()) {
            throw new UnavailableException("mail-unavailable", "mail.unavailable");
        }
        Instant now = Instant.now();
        if (invitations.existsByTenantIdAndEmailAndCreatedAtAfter(
                tenant, address, now.minus(EmailAddresses.BETWEEN_LINKS))) {
            throw new ConflictException("account.email.wait");
        }
        var replaced = invitations.findByTenantIdAndEmailAndAcceptedAtIsNull(tenant, address);
        invitations.deleteAll(replaced);
        if (invitations.countByTenantIdAndAcceptedAtIsNullAndExpiresAtAfter(tenant, now) >= MAX_OPEN) {
            throw new ConflictException("invitation.too-many", MAX_OPEN);
        }
        String token = LinkTokens.newToken();
        var saved = invitations.save(
                new InvitationEntity(tenant, address, role, ApiTokenService.hash(token), caller.username(), VALID));
        if (!mailer.send(
                address,
                locale,
                "mail.invite.subject",
                "mail.invite.text",
                caller.username(),
                tenantName,
                mailer.link("/join?token=" + token),
                VALID.toHours())) {
            throw new UnavailableException("mail-unavailable", "mail.failed");
        }
        audit.record(
                caller.username(), tenant, "account.invite", address, AuditOutcome.SUCCESS, source, "role=" + role);
        return saved.toView();
    }

    /** The tenant's open invitations, oldest first. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN') or (hasRole('TENANT_ADMIN') and #tenantId == principal.currentUser().tenantId())")
    public List<InvitationView> open(UUID tenantId) {
        return invitations
                .findByTenantIdAndAcceptedAtIsNullAndExpiresAtAfterOrderByCreatedAt(tenantId, Instant.now())
                .stream()
                .map(InvitationEntity::toView)
                .toList();
    }

    /** Withdraws an open invitation: its link stops working. */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public void revoke(UUID invitationId, AuditSource source) {
        var caller = CurrentUser.require();
        var invitation = invitations
                .findById(invitationId)
                .filter(i -> caller.isAdmin() || i.getTenantId().equals(caller.tenantId()))
                .filter(InvitationEntity::open)
                .orElseThrow(() -> new NotFoundException("invitation"));
        invitations.delete(invitation);
        audit.record(
                caller.username(),
                invitation.getTenantId(),
                "account.invite.revoke",
                invitation.getEmail(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /** What an invitation link offers while it is good: the tenant's name, the address and the role. */
    public record Offer(String tenantName, String email, Role role) {}

    /** The offer behind a link, without spending it. */
    @Transactional(readOnly = true)
    public Optional<Offer> offer(String token) {
        return LinkTokens.hash(token)
                .flatMap(invitations::readByTokenHash)
                .filter(InvitationEntity::open)
                .map(i -> new Offer(
                        tenantGate.getObject().displayName(i.getTenantId()).orElse(""), i.getEmail(), i.getRole()));
    }

    /**
     * Follows an invitation link: a new account of the invited tenant and role, with this username and password
     * and the invited address confirmed. The link is spent; a used, expired or unknown link is refused.
     */
    @Transactional
    public AccountView accept(String token, String username, String password) {
        var invitation = find(token)
                .filter(InvitationEntity::open)
                .orElseThrow(() -> new ConflictException("invitation.link-invalid"));
        Validation.name("username", username);
        AccountService.checkPassword(username, password);
        if (accounts.existsByUsername(username)) {
            throw new InvalidInputException("username", "accounts.username-taken");
        }
        var account = new UserAccountEntity(
                username, encoder.encode(password), invitation.getRole(), invitation.getTenantId());
        if (accounts.findByEmailIgnoreCase(invitation.getEmail()).isEmpty()) {
            account.confirmEmail(invitation.getEmail());
        }
        invitation.accept();
        try {
            accounts.saveAndFlush(account);
        } catch (DataIntegrityViolationException e) {
            // the same username or address taken at the same moment (the unique indexes)
            throw new InvalidInputException("username", "accounts.username-taken");
        }
        audit.record(
                username,
                invitation.getTenantId(),
                "account.invite.accept",
                username,
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                "role=" + invitation.getRole());
        return account.toView();
    }

    private Optional<InvitationEntity> find(String token) {
        return LinkTokens.hash(token).flatMap(invitations::findByTokenHash);
    }
}
