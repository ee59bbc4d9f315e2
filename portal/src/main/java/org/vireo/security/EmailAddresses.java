package org.vireo.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
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
import org.vireo.security.internal.AccountLinkEntity;
import org.vireo.security.internal.AccountLinkRepository;
import org.vireo.security.internal.UserAccountRepository;

/**
 * Users' e-mail addresses: a user gives one, a mailed link (valid 72 h, good once) confirms it, and only then is it
 * theirs (for forgotten passwords). An address belongs to one account.
 */
@Service
public class EmailAddresses {
    static final Duration CONFIRM_VALID = Duration.ofHours(72);
    /** One link per user and purpose a minute: no mail flood from one account. */
    static final Duration BETWEEN_LINKS = Duration.ofMinutes(1);

    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s\"<>(),;:\\\\\\[\\]]{1,64}@"
            + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private final UserAccountRepository accounts;
    private final AccountLinkRepository links;
    private final Mailer mailer;
    private final AuditLog audit;

    EmailAddresses(UserAccountRepository accounts, AccountLinkRepository links, Mailer mailer, AuditLog audit) {
        this.accounts = accounts;
        this.links = links;
        this.mailer = mailer;
        this.audit = audit;
    }

    /** Whether mail is set up, so that addresses can be confirmed at all. */
    public boolean mailAvailable() {
        return mailer.enabled();
    }

    /** The signed-in user's confirmed address. */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public Optional<String> mine() {
        return accounts.findById(CurrentUser.require().id()).map(a -> a.getEmail());
    }

    /** Mails a link to {@code email} that makes it the signed-in user's address once followed. */
    @Transactional
    @PreAuthorize("isAuthenticated()")
    public void requestConfirmation(String email, Locale locale, AuditSource source) {
        var caller = CurrentUser.require();
        String address = normalized(email);
        if (!mailer.enabled()) {
            throw new UnavailableException("mail-unavailable", "mail.unavailable");
        }
        if (links.existsByUserIdAndPurposeAndCreatedAtAfter(
                caller.id(), AccountLinkEntity.CONFIRM_EMAIL, Instant.now().minus(BETWEEN_LINKS))) {
            throw new ConflictException("account.email.wait");
        }
        String token = LinkTokens.newToken();
        links.save(new AccountLinkEntity(
                caller.id(), AccountLinkEntity.CONFIRM_EMAIL, ApiTokenService.hash(token), address, CONFIRM_VALID));
        if (!mailer.send(
                address,
                locale,
                "mail.confirm.subject",
                "mail.confirm.text",
                caller.username(),
                mailer.link("/confirm-email?token=" + token))) {
            throw new UnavailableException("mail-unavailable", "mail.failed");
        }
        audit.record(
                caller.username(),
                caller.tenantId(),
                "account.email.link",
                address,
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /** The address a confirmation link is for while it is good, without spending it (the page asks first). */
    @Transactional(readOnly = true)
    public Optional<String> pending(String token) {
        return link(token).map(AccountLinkEntity::getEmail);
    }

    /**
     * Follows a confirmation link (whoever holds it): its address becomes its account's. Empty when the link is
     * unknown, used or expired; refused when another account has confirmed the address meanwhile.
     */
    @Transactional(noRollbackFor = ConflictException.class)
    public Optional<String> confirm(String token) {
        var link = link(token);
        if (link.isEmpty()) {
            return Optional.empty();
        }
        link.get().use();
        var account = accounts.findById(link.get().getUserId()).orElseThrow(() -> new NotFoundException("account"));
        var other = accounts.findByEmailIgnoreCase(link.get().getEmail());
        if (other.isPresent() && !other.get().getId().equals(account.getId())) {
            throw new ConflictException("account.email.taken");
        }
        account.confirmEmail(link.get().getEmail());
        try {
            accounts.flush();
        } catch (DataIntegrityViolationException e) {
            // confirmed by another account at the same moment (the unique index)
            throw new ConflictException("account.email.taken");
        }
        var user = account.toCurrentUser();
        audit.record(
                user.username(),
                user.tenantId(),
                "account.email.confirm",
                link.get().getEmail(),
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                null);
        return Optional.of(link.get().getEmail());
    }

    private Optional<AccountLinkEntity> link(String token) {
        return LinkTokens.hash(token)
                .flatMap(links::findByTokenHash)
                .filter(l -> l.getPurpose().equals(AccountLinkEntity.CONFIRM_EMAIL) && l.usable());
    }

    static String normalized(String email) {
        String address = email == null ? "" : email.strip();
        if (address.length() > 254
                || Validation.hasInvisible(address)
                || !ADDRESS.matcher(address).matches()) {
            throw new InvalidInputException("email", "account.email.invalid");
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
