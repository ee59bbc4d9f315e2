package org.vireo.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A Prometheus server's static bearer token ({@code VIREO_METRICS_TOKEN}) for the metrics endpoint only; compared
 * in constant time (as SHA-256 digests, so its length leaks nothing either). Without a configured token only
 * operators' API tokens read the metrics.
 */
public class ScrapeTokenFilter extends OncePerRequestFilter {
    private final byte[] expected;

    public ScrapeTokenFilter(String token) {
        if (token != null && !token.isBlank() && token.strip().length() < 32) {
            throw new IllegalArgumentException("VIREO_METRICS_TOKEN must have at least 32 characters");
        }
        this.expected = token == null || token.isBlank() ? null : digest(token.strip());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (expected != null
                && header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(expected, digest(header.substring(7).strip()))) {
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "metrics-scraper", null, List.of(new SimpleGrantedAuthority("ROLE_METRICS"))));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
