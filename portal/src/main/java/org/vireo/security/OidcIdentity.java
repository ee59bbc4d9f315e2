package org.vireo.security;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who the OpenID Connect provider says signed in, read with the operator's claim names.
 *
 * @param subject  {@code "<issuer> <sub>"}: stable, unique, what accounts are linked by
 * @param username the username claim's value, or null
 * @param tenant   the tenant claim's value (a tenant's name), or null
 * @param role     the role claim's value ({@code member} or {@code tenant_admin}), or null
 */
record OidcIdentity(String subject, String username, String tenant, String role) {

    static OidcIdentity of(OidcUser user, OidcSettings settings) {
        return new OidcIdentity(
                user.getIdToken().getIssuer() + " " + user.getSubject(),
                claim(user, settings.usernameClaim()),
                claim(user, settings.tenantClaim()),
                claim(user, settings.roleClaim()));
    }

    private static String claim(OidcUser user, String name) {
        Object value = user.getClaims().get(name);
        return value == null ? null : value.toString().strip();
    }
}
