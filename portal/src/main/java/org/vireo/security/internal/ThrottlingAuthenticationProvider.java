package org.vireo.security.internal;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.IpText;
import org.vireo.security.VireoPrincipal;

/** Password authentication behind the login throttle; every attempt is audited. */
public class ThrottlingAuthenticationProvider implements AuthenticationProvider {
    private final DaoAuthenticationProvider delegate;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    public ThrottlingAuthenticationProvider(
            DaoAuthenticationProvider delegate, LoginThrottle throttle, AuditLog audit) {
        this.delegate = delegate;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = String.valueOf(authentication.getName());
        String ip = authentication.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null
                ? IpText.shortForm(d.getRemoteAddress())
                : "unknown";
        // The UI's form login has plain web details; HTTP Basic on the API has its own (and a test may have none).
        var source = authentication.getDetails() instanceof WebAuthenticationDetails
                        && !(authentication.getDetails() instanceof ApiAuthenticationDetails)
                ? AuditSource.UI
                : AuditSource.API;
        if (throttle.isBlocked(username, ip)) {
            audit.record(safe(username), null, "login", ip, AuditOutcome.DENIED, source, "throttled");
            throw new LoginThrottledException();
        }
        try {
            var result = delegate.authenticate(authentication);
            throttle.recordSuccess(username, ip);
            var tenant = result.getPrincipal() instanceof VireoPrincipal p
                    ? p.currentUser().tenantId()
                    : null;
            audit.record(safe(username), tenant, "login", ip, AuditOutcome.SUCCESS, source, null);
            return result;
        } catch (InternalAuthenticationServiceException e) {
            // The account could not be looked up (database down): not the user's failure, and not auditable now.
            throw e;
        } catch (DisabledException e) {
            // the right password of a suspended account: no guess, so no failure for the throttle
            audit.record(safe(username), null, "login", ip, AuditOutcome.DENIED, source, "suspended");
            throw e;
        } catch (AuthenticationException e) {
            throttle.recordFailure(username, ip);
            audit.record(
                    safe(username),
                    null,
                    "login",
                    ip,
                    AuditOutcome.FAILED,
                    source,
                    e.getClass().getSimpleName());
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** Usernames typed at the login form are untrusted: keep them short and printable in the audit log. */
    private static String safe(String username) {
        var s = username.length() > 64 ? username.substring(0, 64) : username;
        return s.replaceAll("\\p{C}", "?");
    }
}
