package org.vireo.support;

import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.vireo.security.CurrentUser;
import org.vireo.security.VireoPrincipal;

/** Runs test code as a given user, through the same security context services check. */
public final class Actors {
    private Actors() {
    }

    public static <T> T as(CurrentUser user, Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var ctx = SecurityContextHolder.createEmptyContext();
        var p = new VireoPrincipal(user, null, true);
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(p, null, p.getAuthorities()));
        SecurityContextHolder.setContext(ctx);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static void as(CurrentUser user, Runnable work) {
        as(user, () -> {
            work.run();
            return null;
        });
    }
}
