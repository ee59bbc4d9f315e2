package org.vireo.security;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import com.vaadin.flow.spring.security.VaadinDefaultRequestCache;
import com.vaadin.flow.spring.security.VaadinSavedRequestAwareAuthenticationSuccessHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.vireo.audit.AuditLog;
import org.vireo.base.ConsoleOrigins;
import org.vireo.security.internal.LoginOriginFilter;
import org.vireo.security.internal.LoginThrottle;
import org.vireo.security.internal.LoginThrottledException;
import org.vireo.security.internal.ThrottlingAuthenticationProvider;

/**
 * Form login for the UI with Vaadin's configurer (CSRF stays on), single sign-on beside it when configured, method
 * security for services. Views declare their own access with {@code @RolesAllowed}/{@code @PermitAll}; services are
 * the real guard.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(OidcSettings.class)
@EnableMethodSecurity(jsr250Enabled = true)
// The user's security context follows the Vaadin session, also in UI.access() run from other threads.
@Import(VaadinAwareSecurityContextHolderStrategyConfiguration.class)
class SecurityConfig {
    static final String LOGIN_PATH = "login";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /**
     * What Vaadin needs (inline bootstrap script, functions built from server-sent expressions, inline styles; see
     * its CSP documentation) and nothing more: no other origins except the console proxies' WebSockets, no
     * framing, no plugins, forms only to the portal.
     */
    static String contentSecurityPolicy(List<String> consoleOrigins) {
        return String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                ("connect-src 'self' " + String.join(" ", consoleOrigins)).strip(),
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    /** Publishes session ends (sign-out, timeout) so that what hangs on a session, like console tickets, ends too. */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    @Bean
    AuthenticationManager authenticationManager(
            AccountService accounts,
            PasswordEncoder encoder,
            LoginThrottle throttle,
            AuditLog audit,
            OidcSettings oidc,
            OidcAccounts oidcAccounts) {
        var dao = new DaoAuthenticationProvider(accounts);
        dao.setPasswordEncoder(encoder);
        // Whether an account is suspended is told only to whoever knows its password: checked after it.
        dao.setPreAuthenticationChecks(user -> {});
        dao.setPostAuthenticationChecks(user -> {
            if (!user.isEnabled()) {
                throw new DisabledException("suspended");
            }
        });
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ThrottlingAuthenticationProvider(dao, throttle, audit));
        if (oidc.enabled()) {
            providers.add(SingleSignOn.provider(oidc, oidcAccounts));
        }
        return new ProviderManager(providers);
    }

    @Bean
    SecurityFilterChain vaadinFilterChain(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            ObjectProvider<ConsoleOrigins> consoles,
            SecondFactorLogin secondFactor,
            OidcSettings oidc,
            AuditLog audit,
            VaadinDefaultRequestCache requestCache,
            SignedInSessions sessions)
            throws Exception {
        http.authenticationManager(authenticationManager);
        // Per response: the embedded proxy's port is known only once it listens (a configured 0 picks one).
        http.headers(h -> h.addHeaderWriter((request, response) -> response.setHeader(
                "Content-Security-Policy",
                contentSecurityPolicy(consoles.stream()
                        .flatMap(c -> c.origins().stream())
                        .distinct()
                        .toList()))));
        WebHeaders.common(http);
        http.authorizeHttpRequests(auth -> auth.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
                .permitAll()
                .requestMatchers("/novnc/**", "/xterm/**", "/vireo/**", "/images/**", "/v3/api-docs", "/v3/api-docs/**")
                .permitAll());
        http.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        http.addFilterBefore(new LoginOriginFilter("/" + LOGIN_PATH), CsrfFilter.class);
        // a removed or re-roled user's browser sessions end at once (SignedInSessions)
        http.addFilterBefore(sessions.filter(), AuthorizationFilter.class);
        // A right password of a user with two-factor sign-in leads on to the code (Vaadin's configurer takes its
        // success handler from here).
        http.setSharedObject(
                VaadinSavedRequestAwareAuthenticationSuccessHandler.class,
                new SecondFactorSuccessHandler(secondFactor));
        // Vaadin's configurer first: it sets the login page on the form login that the failure handler extends.
        http.with(vaadin(), vaadin -> vaadin.loginView(LOGIN_PATH));
        var failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setDefaultFailureUrl("/" + LOGIN_PATH + "?error");
        failures.setExceptionMappings(Map.of(
                LoginThrottledException.class.getName(), "/" + LOGIN_PATH + "?throttled",
                DisabledException.class.getName(), "/" + LOGIN_PATH + "?suspended",
                InternalAuthenticationServiceException.class.getName(), "/" + LOGIN_PATH + "?unavailable"));
        http.formLogin(form -> form.failureHandler(failures));
        if (oidc.enabled()) {
            SingleSignOn.configure(http, "/" + LOGIN_PATH, oidc, audit, requestCache);
        }
        return http.build();
    }
}
