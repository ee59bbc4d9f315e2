package org.vireo.security;

import java.util.List;
import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategyConfiguration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.vireo.audit.AuditLog;
import org.vireo.security.internal.LoginOriginFilter;
import org.vireo.security.internal.LoginThrottle;
import org.vireo.security.internal.LoginThrottledException;
import org.vireo.security.internal.ThrottlingAuthenticationProvider;

/**
 * Form login for the UI with Vaadin's configurer (CSRF stays on), method security for services. Views declare
 * their own access with {@code @RolesAllowed}/{@code @PermitAll}; services are the real guard.
 */
@Configuration
@EnableWebSecurity
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
     * its CSP documentation) and nothing more: no other origins except the console proxy's WebSocket, no framing,
     * no plugins, forms only to the portal.
     */
    static String contentSecurityPolicy(String consoleUrl) {
        return contentSecurityPolicy(consoleUrl, List.of());
    }

    /** With the standalone console proxies next to hosts ({@code VIREO_CONSOLE_PROXIES}) allowed too. */
    static String contentSecurityPolicy(String consoleUrl, List<String> proxies) {
        String console = consoleUrl == null || consoleUrl.isBlank() ? "ws://localhost:*" : origin(consoleUrl);
        for (String p : proxies) {
            if (!p.isBlank() && !console.contains(origin(p))) {
                console += " " + origin(p);
            }
        }
        return String.join("; ", "default-src 'self'", "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
                "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self' data:",
                "connect-src 'self' " + console, "object-src 'none'", "base-uri 'self'", "form-action 'self'",
                "frame-ancestors 'none'");
    }

    private static String origin(String url) {
        var uri = java.net.URI.create(url.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("vireo.console.public-url is not an absolute ws(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    /** Publishes session ends (sign-out, timeout) so that what hangs on a session, like console tickets, ends too. */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    @Bean
    AuthenticationManager authenticationManager(AccountService accounts, PasswordEncoder encoder,
                                                LoginThrottle throttle, AuditLog audit) {
        var dao = new DaoAuthenticationProvider(accounts);
        dao.setPasswordEncoder(encoder);
        return new ProviderManager(new ThrottlingAuthenticationProvider(dao, throttle, audit));
    }

    @Bean
    SecurityFilterChain vaadinFilterChain(HttpSecurity http, AuthenticationManager authenticationManager,
                                          @Value("${vireo.console.public-url}") String consoleUrl,
                                          @Value("${vireo.console.proxies}") List<String> proxies)
            throws Exception {
        http.authenticationManager(authenticationManager);
        http.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(consoleUrl,
                proxies))));
        WebHeaders.common(http);
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                .requestMatchers("/novnc/**", "/vireo/**", "/images/**", "/v3/api-docs", "/v3/api-docs/**").permitAll());
        http.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        http.addFilterBefore(new LoginOriginFilter("/" + LOGIN_PATH), CsrfFilter.class);
        // Vaadin's configurer first: it sets the login page on the form login that the failure handler extends.
        http.with(vaadin(), vaadin -> vaadin.loginView(LOGIN_PATH));
        var failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setDefaultFailureUrl("/" + LOGIN_PATH + "?error");
        failures.setExceptionMappings(java.util.Map.of(
                LoginThrottledException.class.getName(), "/" + LOGIN_PATH + "?throttled",
                InternalAuthenticationServiceException.class.getName(), "/" + LOGIN_PATH + "?unavailable"));
        http.formLogin(form -> form.failureHandler(failures));
        return http.build();
    }
}
