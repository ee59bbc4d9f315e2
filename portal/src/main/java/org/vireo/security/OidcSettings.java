package org.vireo.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.oidc.*}: single sign-on with an OpenID Connect provider, off while {@code VIREO_OIDC_ISSUER} is
 * empty. Which claims name the user, the tenant and the role, and whether unknown users get an account.
 */
@ConfigurationProperties(prefix = "vireo.oidc")
public record OidcSettings(
        String issuer,
        String clientId,
        String clientSecret,
        String name,
        String usernameClaim,
        String tenantClaim,
        String roleClaim,
        boolean createUsers) {

    public OidcSettings {
        issuer = Settings.httpUrl("VIREO_OIDC_ISSUER", issuer);
        clientId = Settings.text(clientId, "");
        clientSecret = Settings.text(clientSecret, "");
        name = Settings.text(name, "Single sign-on");
        usernameClaim = Settings.text(usernameClaim, "preferred_username");
        tenantClaim = Settings.text(tenantClaim, "vireo_tenant");
        roleClaim = Settings.text(roleClaim, "vireo_role");
        if (!issuer.isEmpty() && clientId.isEmpty()) {
            throw new IllegalArgumentException("VIREO_OIDC_CLIENT_ID must be set when VIREO_OIDC_ISSUER is");
        }
        Settings.range("length of VIREO_OIDC_NAME", name.length(), 1, 60);
    }

    /** Whether single sign-on is configured. */
    public boolean enabled() {
        return !issuer.isEmpty();
    }

    /** Without the client secret. */
    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isEmpty() ? "(none)" : "(set)") + ", name=" + name + ", usernameClaim="
                + usernameClaim + ", tenantClaim=" + tenantClaim + ", roleClaim=" + roleClaim + ", createUsers="
                + createUsers + "]";
    }
}
