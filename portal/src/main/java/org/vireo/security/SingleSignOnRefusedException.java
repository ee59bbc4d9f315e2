package org.vireo.security;

import java.util.UUID;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The provider signed someone in whom Vireo does not let in: the sign-in ends on the login page with the reason. */
class SingleSignOnRefusedException extends OAuth2AuthenticationException {
    private static final long serialVersionUID = 1L;

    /** Why, with the login page's query parameter that explains it. */
    enum Reason {
        /** No account is linked to the identity and none is created ({@code VIREO_OIDC_CREATE_USERS=false}). */
        UNKNOWN_USER("sso=unknown"),
        /** The tenant claim names no tenant, or not the account's. */
        UNKNOWN_TENANT("sso=tenant"),
        /** The role claim is neither {@code member} nor {@code tenant_admin}. */
        ROLE("sso=role"),
        /** A local account has the username: it is not taken over. */
        NAME_TAKEN("sso=taken"),
        /** The username claim is missing or no valid username. */
        CLAIMS("sso=claims"),
        SUSPENDED("suspended");

        final String query;

        Reason(String query) {
            this.query = query;
        }
    }

    private final Reason reason;
    private final String username;
    private final UUID tenantId;

    SingleSignOnRefusedException(Reason reason, String username, UUID tenantId) {
        super(new OAuth2Error("access_denied"), "refused: " + reason);
        this.reason = reason;
        this.username = username;
        this.tenantId = tenantId;
    }

    Reason reason() {
        return reason;
    }

    /** The username claim as sent (untrusted), or null. */
    String username() {
        return username;
    }

    UUID tenantId() {
        return tenantId;
    }
}
