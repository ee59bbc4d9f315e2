package org.vireo.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.savedrequest.RequestCache;
import org.vireo.audit.AuditLog;

/**
 * Sign-in with the OpenID Connect provider ({@code VIREO_OIDC_*}) next to the password: the authorization-code flow
 * of Spring's OAuth2 client, from {@link #START_PATH} to the provider and back to
 * {@code /login/oauth2/code/vireo}. Only added when configured.
 */
public final class SingleSignOn {
    /** Where the login page's button leads: the redirect to the provider. */
    public static final String START_PATH = "oauth2/authorization/" + OidcClientRegistrations.ID;

    private SingleSignOn() {}

    /** Checks the provider's answer (code, ID token) and finds the account (the UI chain's manager is ours). */
    static AuthenticationProvider provider(OidcSettings settings, OidcAccounts accounts) {
        return new OidcAuthorizationCodeAuthenticationProvider(
                new RestClientAuthorizationCodeTokenResponseClient(), new OidcAccountUserService(settings, accounts));
    }

    static void configure(
            HttpSecurity http, String loginPage, OidcSettings settings, AuditLog audit, RequestCache requestCache)
            throws Exception {
        var success = new SingleSignOnSuccessHandler(audit);
        success.setRequestCache(requestCache);
        var failure = new SingleSignOnFailureHandler(loginPage, audit);
        http.oauth2Login(oidc -> oidc.loginPage(loginPage)
                .clientRegistrationRepository(new OidcClientRegistrations(settings))
                // the tokens are not used after the sign-in: they live and die with the session
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .successHandler(success)
                .failureHandler(failure)
                // a provider that cannot be discovered: back to the login page, not an error page
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failure);
                        return filter;
                    }
                }));
    }
}
