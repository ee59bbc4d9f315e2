package org.vireo.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.NotFoundException;
import org.vireo.base.RefusedException;
import org.vireo.base.Validation;
import org.vireo.security.internal.ApiAuthenticationDetails;
import org.vireo.security.internal.ApiTokenEntity;
import org.vireo.security.internal.ApiTokenRepository;
import org.vireo.security.internal.UserAccountRepository;

/**
 * API bearer tokens: 256 random bits, shown once, stored only as their SHA-256 (a fast hash is enough for a
 * secret of full entropy, and lets a token be found by its hash). Tokens expire and can be revoked.
 */
@Service
@EnableConfigurationProperties(ApiTokenSettings.class)
public class ApiTokenService {
    static final String PREFIX = "vireo_";
    private final ApiTokenRepository tokens;
    private final UserAccountRepository accounts;
    private final AccountService accountService;
    private final AuditLog audit;
    private final TwoFactorService twoFactor;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(
            ApiTokenRepository tokens,
            UserAccountRepository accounts,
            AccountService accountService,
            AuditLog audit,
            ApiTokenSettings settings,
            TwoFactorService twoFactor) {
        this.tokens = tokens;
        this.twoFactor = twoFactor;
        this.accounts = accounts;
        this.accountService = accountService;
        this.audit = audit;
        this.defaultLifetime = settings.tokenLifetime();
        this.maxLifetime = settings.tokenMaxLifetime();
    }

    @Transactional
    @PreAuthorize("isAuthenticated()")
    public IssuedToken issue(String name, Integer expiresInDays, String scope, AuditSource source) {
        var caller = CurrentUser.require();
        var auth = SecurityContextHolder.getContext().getAuthentication();
        boolean readOnlyCaller = auth != null
                && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(TokenScope.READ.authority()));
        // Without a scope a token gets its issuer's: write for a password, read for a read token.
        TokenScope tokenScope =
                scope == null ? (readOnlyCaller ? TokenScope.READ : TokenScope.WRITE) : TokenScope.parse(scope);
        if (auth != null
                && auth.getDetails() instanceof ApiAuthenticationDetails
                && (twoFactor.enabledFor(caller.id()) || twoFactor.required(caller))) {
            // A password alone (HTTP Basic) is half of such a user's sign-in: they issue tokens in the UI.
            audit.record(
                    caller.username(),
                    caller.tenantId(),
                    "token.issue",
                    "api",
                    AuditOutcome.DENIED,
                    source,
                    "two-factor");
            throw new RefusedException("token.two-factor");
        }
        if (readOnlyCaller && tokenScope != TokenScope.READ) {
            // A read token cannot mint itself a write token.
            throw new AccessDeniedException("a read token issues read tokens only");
        }
        String label = name == null || name.isBlank() ? "api" : Validation.text("name", name, 100);
        Duration lifetime = expiresInDays == null
                ? defaultLifetime
                : Duration.ofDays(Validation.range("expiresInDays", expiresInDays, 1, (int) maxLifetime.toDays()));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var entity = tokens.save(new ApiTokenEntity(
                caller.id(), label, hash(token), Instant.now().plus(lifetime), tokenScope));
        audit.record(
                caller.username(),
                caller.tenantId(),
                "token.issue",
                label,
                AuditOutcome.SUCCESS,
                source,
                "id=" + entity.getId() + " scope=" + tokenScope.json());
        return new IssuedToken(entity.getId(), token, entity.toInfo().expiresAt(), tokenScope.json());
    }

    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public List<ApiTokenInfo> listOwn() {
        return tokens.findByUserIdOrderByCreatedAtDesc(CurrentUser.require().id()).stream()
                .map(ApiTokenEntity::toInfo)
                .toList();
    }

    @Transactional
    @PreAuthorize("isAuthenticated()")
    public void revokeOwn(UUID id, AuditSource source) {
        var caller = CurrentUser.require();
        var token = tokens.findByIdAndUserId(id, caller.id()).orElseThrow(() -> new NotFoundException("token"));
        token.revoke();
        audit.record(
                caller.username(),
                caller.tenantId(),
                "token.revoke",
                id.toString(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /**
     * The principal a bearer token stands for, if the token is known, unexpired, unrevoked and its user enabled,
     * with the token's scope among its authorities.
     */
    @Transactional
    public Optional<VireoPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        var now = Instant.now();
        return tokens.findByTokenHash(hash(token)).filter(t -> t.usableAt(now)).flatMap(t -> {
            t.used(now);
            return accounts.findById(t.getUserId())
                    .filter(a -> a.isEnabled() && accountService.mayAct(a.toCurrentUser()))
                    .map(a -> new VireoPrincipal(a.toCurrentUser(), null, true, t.getScope()));
        });
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
