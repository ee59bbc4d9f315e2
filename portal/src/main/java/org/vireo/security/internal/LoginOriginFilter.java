package org.vireo.security.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login form post that a browser sent from another site. Vaadin exempts the login page from CSRF tokens
 * (its login form posts a plain HTML form), so without this check a foreign page could sign a victim into an
 * attacker's account. Browsers always send {@code Origin} on cross-site posts; clients that send none are let
 * through to the normal password check.
 */
public class LoginOriginFilter extends OncePerRequestFilter {
    private final String loginPath;

    public LoginOriginFilter(String loginPath) {
        this.loginPath = loginPath;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())
                && (request.getContextPath() + loginPath).equals(request.getRequestURI())) {
            String origin = request.getHeader("Origin");
            if (origin != null && !sameOrigin(origin, request)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            var uri = URI.create(origin);
            int port = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            return request.getScheme().equalsIgnoreCase(uri.getScheme())
                    && request.getServerName().equalsIgnoreCase(uri.getHost())
                    && request.getServerPort() == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
