package org.vireo.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.vireo.security.AccountView;
import org.vireo.security.CurrentUser;
import org.vireo.security.Role;

@Entity
@Table(name = "user_account")
public class UserAccountEntity {
    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String username;

    @Column(nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    private UUID tenantId;

    @Column(nullable = false)
    private boolean enabled;

    @Column(nullable = false)
    private Instant createdAt;

    /** Confirmed by a link (then {@code emailVerifiedAt} is set). */
    private String email;

    private Instant emailVerifiedAt;

    /** Base32; set while two-factor sign-in is on. */
    private String totpSecret;

    private Instant totpSince;
    /** The last TOTP time step a code was accepted for: a code is good once. */
    private Long totpLastStep;

    /** {@code "<issuer> <sub>"} of the OpenID Connect identity that signs in as this account, if any. */
    private String oidcSubject;

    /** The language of the user's mails: the UI's at their last sign-in (null: not signed in yet, English). */
    private String locale;

    protected UserAccountEntity() {}

    public UserAccountEntity(String username, String passwordHash, Role role, UUID tenantId) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.tenantId = tenantId;
        this.enabled = true;
        this.createdAt = Instant.now();
    }

    /** An account single sign-on created for the provider's identity {@code oidcSubject}. */
    public static UserAccountEntity linked(
            String oidcSubject, String username, String passwordHash, Role role, UUID tenantId) {
        var account = new UserAccountEntity(username, passwordHash, role, tenantId);
        account.oidcSubject = oidcSubject;
        return account;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public UUID getId() {
        return id;
    }

    /** The provider's identity of an account single sign-on created; null for local accounts. */
    public String getOidcSubject() {
        return oidcSubject;
    }

    public String getEmail() {
        return email;
    }

    public void confirmEmail(String email) {
        this.email = email;
        this.emailVerifiedAt = Instant.now();
    }

    /** The language of the last sign-in, English if the account never signed in. */
    public Locale getLocale() {
        return getLocaleOr(Locale.ENGLISH);
    }

    /** The language of the last sign-in, {@code fallback} if the account never signed in. */
    public Locale getLocaleOr(Locale fallback) {
        return locale == null ? fallback : Locale.forLanguageTag(locale);
    }

    public void setLocale(Locale locale) {
        this.locale = locale.toLanguageTag();
    }

    public String getTotpSecret() {
        return totpSecret;
    }

    public boolean hasTwoFactor() {
        return totpSecret != null;
    }

    public long getTotpLastStep() {
        return totpLastStep == null ? Long.MIN_VALUE : totpLastStep;
    }

    public void enableTwoFactor(String secret, long step) {
        this.totpSecret = secret;
        this.totpSince = Instant.now();
        this.totpLastStep = step;
    }

    public void useTotpStep(long step) {
        this.totpLastStep = step;
    }

    public void disableTwoFactor() {
        this.totpSecret = null;
        this.totpSince = null;
        this.totpLastStep = null;
    }

    public CurrentUser toCurrentUser() {
        return new CurrentUser(id, username, role, tenantId);
    }

    public AccountView toView() {
        return new AccountView(id, username, role, tenantId, enabled, createdAt, totpSecret != null);
    }
}
