package org.vireo.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.IpText;

/**
 * A single sign-on that did not end signed in goes back to the login page, which says why; audited like a password
 * sign-in ({@code login}, detail {@code oidc: …}).
 */
class SingleSignOnFailureHandler implements AuthenticationFailureHandler {
    private static final Logger log = LoggerFactory.getLogger(SingleSignOnFailureHandler.class);
    private final String loginPath;
    private final AuditLog audit;

    SingleSignOnFailureHandler(String loginPath, AuditLog audit) {
        this.loginPath = loginPath;
        this.audit = audit;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        String ip = IpText.shortForm(request.getRemoteAddr());
        String query;
        if (e instanceof SingleSignOnRefusedException refused) {
            query = refused.reason().query;
            audit.record(
                    actor(refused.username()),
                    refused.tenantId(),
                    "login",
                    ip,
                    AuditOutcome.DENIED,
                    AuditSource.UI,
                    "oidc: " + refused.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        } else {
            String code = e instanceof OAuth2AuthenticationException o
                    ? o.getError().getErrorCode()
                    : e.getClass().getSimpleName();
            query = OidcAccountUserService.UNAVAILABLE.equals(code) ? "unavailable" : "sso=failed";
            log.info("Single sign-on failed from {}: {}", ip, e.toString());
            audit.record(
                    "unknown",
                    null,
                    "login",
                    ip,
                    AuditOutcome.FAILED,
                    AuditSource.UI,
                    "oidc: " + code,
                    abbreviated(e.getMessage()));
        }
        response.sendRedirect(request.getContextPath() + loginPath + "?" + query);
    }

    /** Claims are the provider's, not typed at our form, but still kept short and printable in the audit log. */
    private static String actor(String username) {
        if (username == null || username.isEmpty()) {
            return "unknown";
        }
        var s = username.length() > 64 ? username.substring(0, 64) : username;
        return s.replaceAll("\\p{C}", "?");
    }

    private static String abbreviated(String message) {
        return message == null || message.length() <= 500 ? message : message.substring(0, 500);
    }
}
