package org.vireo.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
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
import org.vireo.security.internal.QrSvg;
import org.vireo.security.internal.RecoveryCodeEntity;
import org.vireo.security.internal.RecoveryCodeRepository;
import org.vireo.security.internal.Totp;
import org.vireo.security.internal.TwoFactorRequirementEntity;
import org.vireo.security.internal.TwoFactorRequirementRepository;
import org.vireo.security.internal.UserAccountEntity;
import org.vireo.security.internal.UserAccountRepository;

/**
 * Two-factor sign-in with a time-based code (TOTP, an authenticator app) and ten single-use recovery codes: a user
 * turns it on for themselves, an operator can take it off a user who lost both. Every change is audited.
 */
@Service
public class TwoFactorService {
    static final int RECOVERY_CODES = 10;
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserAccountRepository accounts;
    private final RecoveryCodeRepository recoveryCodes;
    private final TwoFactorRequirementRepository requirements;
    private final AuditLog audit;
    private final boolean requiredForEveryone;

    TwoFactorService(
            UserAccountRepository accounts,
            RecoveryCodeRepository recoveryCodes,
            TwoFactorRequirementRepository requirements,
            AuditLog audit,
            LoginSettings settings) {
        this.accounts = accounts;
        this.recoveryCodes = recoveryCodes;
        this.requirements = requirements;
        this.audit = audit;
        this.requiredForEveryone = settings.requireTwoFactor();
    }

    /** A new secret to enrol with: its QR code and text. Nothing is stored until {@link #enable} confirms it. */
    public record Enrolment(String secret, String uri, String qrDataUrl) {}

    @PreAuthorize("isAuthenticated()")
    public Enrolment begin() {
        return enrolment(CurrentUser.require().username());
    }

    static Enrolment enrolment(String username) {
        String secret = Totp.newSecret();
        String uri = Totp.uri("Vireo", username, secret);
        return new Enrolment(secret, uri, QrSvg.dataUrl(uri));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public boolean enabled() {
        return account(CurrentUser.require().id()).hasTwoFactor();
    }

    /**
     * Turns two-factor sign-in on for the signed-in user once {@code code} shows their app has {@code secret};
     * returns the recovery codes, shown this once.
     */
    @Transactional
    @PreAuthorize("isAuthenticated()")
    public List<String> enable(String secret, String code, AuditSource source) {
        return enableFor(CurrentUser.require(), secret, code, source);
    }

    /** {@link #enable} for a user in the middle of signing in (who must set it up first). */
    @Transactional
    List<String> enableFor(CurrentUser caller, String secret, String code, AuditSource source) {
        var account = account(caller.id());
        if (account.hasTwoFactor()) {
            throw new ConflictException("account.2fa.already-on");
        }
        if (secret == null || !secret.matches("[A-Z2-7]{32}")) {
            throw new InvalidInputException("secret", "account.2fa.bad-secret");
        }
        var step = Totp.match(secret, code, Instant.now(), Long.MIN_VALUE);
        if (step.isEmpty()) {
            throw new InvalidInputException("code", "account.2fa.wrong-code");
        }
        account.enableTwoFactor(secret, step.getAsLong());
        var codes = newRecoveryCodes(caller.id());
        audit.record(
                caller.username(),
                caller.tenantId(),
                "account.2fa.enable",
                caller.username(),
                AuditOutcome.SUCCESS,
                source,
                null);
        return codes;
    }

    /** Turns it off for the signed-in user, with a current code or a recovery code. */
    @Transactional
    @PreAuthorize("isAuthenticated()")
    public void disable(String code, AuditSource source) {
        var caller = CurrentUser.require();
        var account = account(caller.id());
        if (!account.hasTwoFactor()) {
            throw new ConflictException("account.2fa.already-off");
        }
        if (required(caller)) {
            throw new ConflictException("account.2fa.required");
        }
        if (!check(account, code)) {
            audit.record(
                    caller.username(),
                    caller.tenantId(),
                    "account.2fa.disable",
                    caller.username(),
                    AuditOutcome.FAILED,
                    source,
                    "wrong code");
            throw new InvalidInputException("code", "account.2fa.wrong-code");
        }
        account.disableTwoFactor();
        recoveryCodes.deleteByUserId(caller.id());
        audit.record(
                caller.username(),
                caller.tenantId(),
                "account.2fa.disable",
                caller.username(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /** Operators take two-factor sign-in off a user (who lost phone and recovery codes); they enrol again. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public void reset(UUID accountId, AuditSource source) {
        var caller = CurrentUser.require();
        var account = accounts.findById(accountId).orElseThrow(() -> new NotFoundException("account"));
        var target = account.toCurrentUser();
        if (accountId.equals(caller.id())) {
            // one's own goes off only with a code (disable), not by a session or token alone
            throw new ConflictException("account.2fa.own-reset");
        }
        if (!account.hasTwoFactor()) {
            throw new ConflictException("account.2fa.already-off");
        }
        account.disableTwoFactor();
        recoveryCodes.deleteByUserId(accountId);
        audit.record(
                caller.username(),
                target.tenantId(),
                "account.2fa.reset",
                target.username(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /** Whether the signed-in user must sign in with a second factor (then it cannot be turned off). */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public boolean requiredForMe() {
        return required(CurrentUser.require());
    }

    /** Whether the users of {@code tenantId} must sign in with a second factor (operators: for every tenant). */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public boolean requiredForTenant(UUID tenantId) {
        ownTenant(tenantId);
        return requiredForEveryone || requirements.existsById(tenantId);
    }

    /** Whether every user must, by the operator's setting ({@code VIREO_REQUIRE_TWO_FACTOR}). */
    public boolean requiredForEveryone() {
        return requiredForEveryone;
    }

    /**
     * A tenant admin (for their own tenant) or an operator requires a second factor of the tenant's users, or no
     * longer; who has none sets it up at their next sign-in.
     */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public void requireForTenant(UUID tenantId, boolean required, AuditSource source) {
        var caller = ownTenant(tenantId);
        if (required == requirements.existsById(tenantId)) {
            return;
        }
        if (required) {
            try {
                requirements.saveAndFlush(new TwoFactorRequirementEntity(tenantId));
            } catch (DataIntegrityViolationException e) {
                throw new NotFoundException("tenant");
            }
        } else {
            requirements.deleteById(tenantId);
        }
        audit.record(
                caller.username(),
                tenantId,
                required ? "tenant.2fa.require" : "tenant.2fa.optional",
                tenantId.toString(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /** Whether this user must have a second factor: everyone must, or their tenant requires it. */
    boolean required(CurrentUser user) {
        return requiredForEveryone || (user.tenantId() != null && requirements.existsById(user.tenantId()));
    }

    private CurrentUser ownTenant(UUID tenantId) {
        var caller = CurrentUser.require();
        if (tenantId == null || (!caller.isAdmin() && !tenantId.equals(caller.tenantId()))) {
            throw new NotFoundException("tenant");
        }
        return caller;
    }

    /** Whether the account signs in with a second factor (for the sign-in itself: no caller yet). */
    @Transactional(readOnly = true)
    boolean enabledFor(UUID userId) {
        return accounts.findById(userId).map(UserAccountEntity::hasTwoFactor).orElse(false);
    }

    /** The sign-in's second step: a code of the user's app (good once) or an unused recovery code (then used). */
    @Transactional
    boolean verify(UUID userId, String code) {
        return accounts.findById(userId)
                .filter(UserAccountEntity::hasTwoFactor)
                .map(a -> check(a, code))
                .orElse(false);
    }

    /** How many unused recovery codes the signed-in user has left. */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public long recoveryCodesLeft() {
        return recoveryCodes.countByUserIdAndUsedAtIsNull(CurrentUser.require().id());
    }

    private boolean check(UserAccountEntity account, String code) {
        if (code == null || code.length() > 64) {
            return false;
        }
        var step = Totp.match(account.getTotpSecret(), code, Instant.now(), account.getTotpLastStep());
        if (step.isPresent()) {
            account.useTotpStep(step.getAsLong());
            return true;
        }
        String hash = hash(code);
        for (var recovery : recoveryCodes.findByUserIdAndUsedAtIsNull(account.getId())) {
            if (MessageDigest.isEqual(
                    recovery.getCodeHash().getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII))) {
                recovery.use();
                return true;
            }
        }
        return false;
    }

    private List<String> newRecoveryCodes(UUID userId) {
        recoveryCodes.deleteByUserId(userId);
        var codes = new ArrayList<String>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            var code = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
                if (c == 4) {
                    code.append('-');
                }
            }
            codes.add(code.toString());
            recoveryCodes.save(new RecoveryCodeEntity(userId, hash(code.toString())));
        }
        return codes;
    }

    /** Recovery codes compare without case, spaces and dashes. */
    static String hash(String code) {
        String normal = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(normal.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private UserAccountEntity account(UUID id) {
        return accounts.findById(id).orElseThrow(() -> new NotFoundException("account"));
    }
}
