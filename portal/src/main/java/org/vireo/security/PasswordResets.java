package org.vireo.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.mail.Mailer;
import org.vireo.security.internal.AccountLinkEntity;
import org.vireo.security.internal.AccountLinkRepository;
import org.vireo.security.internal.LoginThrottle;
import org.vireo.security.internal.UserAccountEntity;
import org.vireo.security.internal.UserAccountRepository;

/**
 * "Forgot password": a link (valid 30 minutes, good once) mailed to the account's confirmed address sets a new
 * password. Asking tells nothing: the answer is the same, and as quick, whether an account has that address or not;
 * one address asks at most as often as it may fail to sign in.
 */
@Service
public class PasswordResets {
    static final Duration VALID = Duration.ofMinutes(30);

    private final UserAccountRepository accounts;
    private final AccountLinkRepository links;
    private final Mailer mailer;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final SignedInSessions sessions;
    private final LoginThrottle throttle;

    PasswordResets(
            UserAccountRepository accounts,
            AccountLinkRepository links,
            Mailer mailer,
            PasswordEncoder encoder,
            AuditLog audit,
            SignedInSessions sessions,
            LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.sessions = sessions;
        this.links = links;
        this.mailer = mailer;
        this.encoder = encoder;
        this.audit = audit;
    }

    /** Whether forgotten passwords can be reset by mail here (mail is set up). */
    public boolean available() {
        return mailer.enabled();
    }

    /**
     * Mails a link to the confirmed address of the account with this address or username, if there is one (and no
     * link went out in the last minute). Nothing tells the caller which. The mail is in the account's language (that
     * of its last sign-in), or in {@code locale} if it never signed in.
     */
    @Transactional
    public void request(String usernameOrEmail, Locale locale, String ip) {
        if (usernameOrEmail == null
                || usernameOrEmail.isBlank()
                || usernameOrEmail.length() > 254
                || !throttle.allowMailRequest(ip)) {
            return;
        }
        String wanted = usernameOrEmail.strip();
        var account = (wanted.contains("@") ? accounts.findByEmailIgnoreCase(wanted) : accounts.findByUsername(wanted))
                .filter(a -> a.getEmail() != null && a.isEnabled() && a.getOidcSubject() == null);
        if (account.isEmpty()
                || links.existsByUserIdAndPurposeAndCreatedAtAfter(
                        account.get().getId(),
                        AccountLinkEntity.RESET_PASSWORD,
                        Instant.now().minus(EmailAddresses.BETWEEN_LINKS))) {
            return;
        }
        String token = LinkTokens.newToken();
        var user = account.get().toCurrentUser();
        links.save(new AccountLinkEntity(
                user.id(), AccountLinkEntity.RESET_PASSWORD, ApiTokenService.hash(token), null, VALID));
        // sent in the background: the answer takes as long whether a mail goes out or not; in the language of the
        // last sign-in, as notifications are (the asking browser's may be anybody's)
        mailer.sendLater(
                account.get().getEmail(),
                account.get().getLocaleOr(locale),
                "mail.reset.subject",
                "mail.reset.text",
                user.username(),
                mailer.link("/reset-password?token=" + token),
                VALID.toMinutes());
        audit.record(
                user.username(),
                user.tenantId(),
                "account.password-link",
                ip,
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                null);
    }

    /** The username a reset link is for, while it is good (for the page that asks for the new password). */
    @Transactional(readOnly = true)
    public Optional<String> usernameFor(String token) {
        return link(token)
                .flatMap(l -> accounts.findById(l.getUserId()))
                .map(a -> a.toCurrentUser().username());
    }

    /** Sets the new password through a good link, which is then used up. */
    @Transactional
    public void reset(String token, String newPassword) {
        var link = link(token).orElseThrow(() -> new ConflictException("account.reset.link-invalid"));
        UserAccountEntity account = accounts.findById(link.getUserId())
                .orElseThrow(() -> new ConflictException("account.reset.link-invalid"));
        if (account.getOidcSubject() != null) {
            // single sign-on accounts have no password of their own (decision 019)
            throw new ConflictException("account.reset.link-invalid");
        }
        var user = account.toCurrentUser();
        AccountService.checkPassword(user.username(), newPassword);
        account.setPasswordHash(encoder.encode(newPassword));
        // this link and every other one for a new password of this account are spent
        links.findByUserIdAndPurposeAndUsedAtIsNull(user.id(), AccountLinkEntity.RESET_PASSWORD)
                .forEach(AccountLinkEntity::use);
        link.use();
        // whoever is signed in with the old password is not any more
        sessions.end(user.id());
        audit.record(
                user.username(),
                user.tenantId(),
                "account.password-reset-by-link",
                user.username(),
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                null);
    }

    private Optional<AccountLinkEntity> link(String token) {
        return LinkTokens.hash(token)
                .flatMap(links::findByTokenHash)
                .filter(l -> l.getPurpose().equals(AccountLinkEntity.RESET_PASSWORD) && l.usable());
    }
}
