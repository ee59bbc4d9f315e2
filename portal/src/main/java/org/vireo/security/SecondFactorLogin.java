package org.vireo.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.IpText;
import org.vireo.security.internal.LoginThrottle;

/**
 * The sign-in's second step. A right password of a user with two-factor sign-in does not sign in: the session
 * holds the authentication aside ("parked", for five minutes) and the browser goes to {@code /login/code}; the right
 * code there signs in with it. Nothing before that sees the user as signed in.
 */
@Component
public class SecondFactorLogin {
    static final String PARKED = SecondFactorLogin.class.getName() + ".parked";
    private static final Duration PARK_TIME = Duration.ofMinutes(5);

    private final TwoFactorService twoFactor;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

    SecondFactorLogin(TwoFactorService twoFactor, LoginThrottle throttle, AuditLog audit) {
        this.twoFactor = twoFactor;
        this.throttle = throttle;
        this.audit = audit;
    }

    private record Parked(Authentication authentication, Instant until) implements Serializable {}

    public enum Outcome {
        SIGNED_IN,
        WRONG_CODE,
        THROTTLED,
        /** Nothing parked, or parked too long ago: back to the password. */
        EXPIRED
    }

    /** Whether this password sign-in waits for a second factor. */
    boolean needed(Authentication authentication) {
        return authentication.getPrincipal() instanceof VireoPrincipal p
                && twoFactor.enabledFor(p.currentUser().id());
    }

    /** Holds the sign-in aside in the session and leaves the request signed out. */
    void park(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        request.getSession()
                .setAttribute(PARKED, new Parked(authentication, Instant.now().plus(PARK_TIME)));
        SecurityContextHolder.clearContext();
        contexts.saveContext(SecurityContextHolder.createEmptyContext(), request, response);
    }

    /** The username waiting for its code in this session, if any. */
    public Optional<String> waiting(HttpServletRequest request) {
        return parked(request).map(p -> p.authentication().getName());
    }

    /** Checks {@code code} for the parked sign-in and, when right, signs the session in. */
    public Outcome complete(HttpServletRequest request, HttpServletResponse response, String code) {
        var parked = parked(request);
        if (parked.isEmpty()) {
            return Outcome.EXPIRED;
        }
        var authentication = parked.get().authentication();
        var user = ((VireoPrincipal) authentication.getPrincipal()).currentUser();
        String ip = IpText.shortForm(request.getRemoteAddr());
        if (throttle.isCodeBlocked(user.username(), ip)) {
            audit.record(
                    user.username(),
                    user.tenantId(),
                    "login.second-factor",
                    ip,
                    AuditOutcome.DENIED,
                    AuditSource.UI,
                    "throttled");
            return Outcome.THROTTLED;
        }
        if (!twoFactor.verify(user.id(), code)) {
            throttle.recordCodeFailure(user.username(), ip);
            audit.record(
                    user.username(),
                    user.tenantId(),
                    "login.second-factor",
                    ip,
                    AuditOutcome.FAILED,
                    AuditSource.UI,
                    null);
            return Outcome.WRONG_CODE;
        }
        throttle.recordCodeSuccess(user.username());
        request.getSession().removeAttribute(PARKED);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        audit.record(
                user.username(),
                user.tenantId(),
                "login.second-factor",
                ip,
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                null);
        return Outcome.SIGNED_IN;
    }

    /** Back to the password: the parked sign-in is dropped. */
    public void abandon(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(PARKED);
        }
    }

    private Optional<Parked> parked(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session == null || !(session.getAttribute(PARKED) instanceof Parked p)) {
            return Optional.empty();
        }
        if (Instant.now().isAfter(p.until())) {
            session.removeAttribute(PARKED);
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
