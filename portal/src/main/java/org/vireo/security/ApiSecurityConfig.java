package org.vireo.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.vireo.base.Messages;
import org.vireo.base.Problems;
import org.vireo.security.internal.ApiAuthenticationDetails;
import org.vireo.security.internal.BearerTokenFilter;
import org.vireo.security.internal.ScrapeTokenFilter;

/**
 * The REST API's own filter chain: stateless, no cookies (so no CSRF surface), bearer tokens everywhere except
 * {@code POST /api/v1/tokens}, which takes HTTP Basic (behind the same login throttle as the UI). Errors are
 * problem+json.
 */
@Configuration
@EnableConfigurationProperties(EdgeSettings.Metrics.class)
class ApiSecurityConfig {

    /** {@code POST /api/v1/tokens}: HTTP Basic (or an existing bearer token) issues a token. */
    @Bean
    @Order(1)
    SecurityFilterChain apiTokenIssueChain(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            ApiTokenService tokens,
            ObjectMapper json,
            Messages messages)
            throws Exception {
        common(
                        http.securityMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/v1/tokens")),
                        tokens,
                        json,
                        messages)
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized(json, messages))
                        .authenticationDetailsSource(ApiAuthenticationDetails.SOURCE))
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated());
        return http.build();
    }

    /** Everything else under {@code /api/}: bearer tokens only; {@code /api/v1/admin/**} for operators. */
    @Bean
    @Order(2)
    SecurityFilterChain apiFilterChain(HttpSecurity http, ApiTokenService tokens, ObjectMapper json, Messages messages)
            throws Exception {
        AuthorizationManager<RequestAuthorizationContext> admin = (auth, ctx) -> new AuthorizationDecision(auth.get()
                        instanceof BearerTokenFilter.BearerAuthentication b
                && b.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN")));
        // A read-scoped token only reads; everything but GET needs a write-scoped one.
        AuthorizationManager<RequestAuthorizationContext> write =
                AuthorityAuthorizationManager.hasAuthority(TokenScope.WRITE.authority());
        common(http.securityMatcher("/api/**"), tokens, json, messages)
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/api/v1/admin/**")
                        .access(admin)
                        .requestMatchers("/api/v1/admin/**")
                        .access(AuthorizationManagers.allOf(admin, write))
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .authenticated()
                        .anyRequest()
                        .access(write));
        return http.build();
    }

    /**
     * {@code /actuator/prometheus}: operators' API tokens, or the static scrape token {@code VIREO_METRICS_TOKEN}
     * of a Prometheus server.
     */
    @Bean
    @Order(3)
    SecurityFilterChain metricsFilterChain(
            HttpSecurity http,
            ApiTokenService tokens,
            ObjectMapper json,
            Messages messages,
            EdgeSettings.Metrics metrics)
            throws Exception {
        common(http.securityMatcher("/actuator/prometheus"), tokens, json, messages)
                .addFilterBefore(new ScrapeTokenFilter(metrics.token()), BearerTokenFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAnyRole("ADMIN", "METRICS"));
        return http.build();
    }

    private static HttpSecurity common(HttpSecurity http, ApiTokenService tokens, ObjectMapper json, Messages messages)
            throws Exception {
        var unauthorized = unauthorized(json, messages);
        AccessDeniedHandler forbidden = (request, response, e) -> write(
                json,
                response,
                Problems.of(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        messages.get("problem.forbidden", request.getLocale()),
                        messages.get("problem.forbidden.detail", request.getLocale())));
        WebHeaders.common(http)
                .headers(h -> h.contentSecurityPolicy(
                        csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .addFilterBefore(
                        new BearerTokenFilter(tokens::authenticate, unauthorized), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
    }

    private static AuthenticationEntryPoint unauthorized(ObjectMapper json, Messages messages) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(
                    json,
                    response,
                    Problems.of(
                            HttpStatus.UNAUTHORIZED,
                            "unauthorized",
                            messages.get("problem.unauthorized", request.getLocale()),
                            messages.get("problem.unauthorized.detail", request.getLocale())));
        };
    }

    private static void write(ObjectMapper json, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
