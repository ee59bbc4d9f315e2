package org.vireo.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
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
 * code there signs in with it. A user who must have a second factor and has none goes to {@code /login/enrol} and
 * signs in once it is set up. Nothing before that sees the user as signed in.
 */
@Component
public class SecondFactorLogin {
    static final String PARKED = SecondFactorLogin.class.getName() + ".parked";
    private static final Duration PARK_TIME = Duration.ofMinutes(5);

    private final TwoFactorService twoFactor;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private static final Object[] STRIPES =
            IntStream.range(0, 64).mapToObj(i -> new Object()).toArray();
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

    /** What a right password leads to: signed in, the code, or setting up a second factor first. */
    enum Step {
        SIGNED_IN,
        CODE,
        ENROL
    }

    /** What this password sign-in goes on with. */
    Step next(Authentication authentication) {
        if (!(authentication.getPrincipal() instanceof VireoPrincipal p)) {
            return Step.SIGNED_IN;
        }
        if (twoFactor.enabledFor(p.currentUser().id())) {
            return Step.CODE;
        }
        return twoFactor.required(p.currentUser()) ? Step.ENROL : Step.SIGNED_IN;
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
        var user = user(parked.get());
        String ip = IpText.shortForm(request.getRemoteAddr());
        // One code check per user at a time (per node): parallel guesses from several parked sessions cannot all
        // pass the throttle before the first failure counts, and a code cannot be used twice at the same moment.
        synchronized (
                STRIPES[Math.floorMod(user.username().toLowerCase(Locale.ROOT).hashCode(), STRIPES.length)]) {
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
        }
        signIn(request, response, authentication);
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

    /** A new secret for the parked user who must set up a second factor before signing in. */
    public Optional<TwoFactorService.Enrolment> beginEnrolment(HttpServletRequest request) {
        return parked(request)
                .filter(p -> !twoFactor.enabledFor(user(p).id()))
                .map(p -> TwoFactorService.enrolment(user(p).username()));
    }

    /**
     * Sets up the parked user's second factor with {@code secret} once {@code code} is right, and signs in: the
     * recovery codes, to show once; empty when nothing is parked (any more). A wrong code is refused as at the
     * account page (the field's error).
     */
    public Optional<List<String>> enrol(
            HttpServletRequest request, HttpServletResponse response, String secret, String code) {
        var parked = parked(request);
        if (parked.isEmpty()) {
            return Optional.empty();
        }
        var user = user(parked.get());
        var codes = twoFactor.enableFor(user, secret, code, AuditSource.UI);
        signIn(request, response, parked.get().authentication());
        String ip = IpText.shortForm(request.getRemoteAddr());
        audit.record(
                user.username(),
                user.tenantId(),
                "login.second-factor",
                ip,
                AuditOutcome.SUCCESS,
                AuditSource.UI,
                "set up");
        return Optional.of(codes);
    }

    private static CurrentUser user(Parked parked) {
        return ((VireoPrincipal) parked.authentication().getPrincipal()).currentUser();
    }

    private void signIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        request.getSession().removeAttribute(PARKED);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
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
