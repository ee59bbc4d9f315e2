package org.vireo.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;
import org.vireo.security.VireoPrincipal;

/** Authenticates {@code Authorization: Bearer <token>}; an unknown or expired token is a 401 at once. */
public class BearerTokenFilter extends OncePerRequestFilter {
    private final Function<String, Optional<VireoPrincipal>> tokens;
    private final AuthenticationEntryPoint entryPoint;

    public BearerTokenFilter(Function<String, Optional<VireoPrincipal>> tokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        var already = SecurityContextHolder.getContext().getAuthentication();
        if (already == null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var principal = tokens.apply(header.substring(7).strip());
            if (principal.isEmpty()) {
                SecurityContextHolder.clearContext();
                entryPoint.commence(request, response, new BadCredentialsException("invalid token"));
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new BearerAuthentication(principal.get()));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /** An API call authenticated by a bearer token (as opposed to a password). */
    public static final class BearerAuthentication extends AbstractAuthenticationToken {
        private final VireoPrincipal principal;

        BearerAuthentication(VireoPrincipal principal) {
            super(principal.getAuthorities());
            this.principal = principal;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return principal;
        }
    }
}
