package org.vireo.security;

import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.transaction.TransactionException;

/** Spring's OpenID Connect user (ID token, user info), then the Vireo account it signs in as. */
final class OidcAccountUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {
    /** The error code of a sign-in the database could not answer. */
    static final String UNAVAILABLE = "vireo_unavailable";

    private final OidcUserService provider = new OidcUserService();
    private final OidcSettings settings;
    private final OidcAccounts accounts;

    OidcAccountUserService(OidcSettings settings, OidcAccounts accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        var user = provider.loadUser(request);
        try {
            return new SignedIn(user, accounts.signIn(OidcIdentity.of(user, settings)));
        } catch (DataAccessException | TransactionException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error(UNAVAILABLE), e.getMessage(), e);
        }
    }

    /** The provider's user with the Vireo principal it signed in as (swapped in by the success handler). */
    static final class SignedIn extends DefaultOidcUser {
        private static final long serialVersionUID = 1L;
        private final VireoPrincipal principal;

        SignedIn(OidcUser user, VireoPrincipal principal) {
            super(principal.getAuthorities(), user.getIdToken(), user.getUserInfo());
            this.principal = principal;
        }

        VireoPrincipal principal() {
            return principal;
        }
    }
}
