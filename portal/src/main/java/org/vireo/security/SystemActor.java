package org.vireo.security;

import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs start-up and background work as {@link CurrentUser#SYSTEM} (or as a named user), so it passes the same
 * service-layer
 * authorization as everybody else and is audited as "system".
 */
public final class SystemActor {
    private SystemActor() {}

    public static <T> T call(Supplier<T> work) {
        return callAs(CurrentUser.SYSTEM, work);
    }

    /**
     * Runs start-up work on behalf of a given user (e.g. seeding the demo tenant's machine), so the same
     * service-layer rules and audit apply as when that user acts.
     */
    public static <T> T callAs(CurrentUser user, Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        var principal = new VireoPrincipal(user, null, true);
        context.setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
