package org.vireo.support;

import java.util.function.Supplier;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;

/** Runs test code as a given user, through the same security context services check. */
public final class Actors {
    private Actors() {}

    public static <T> T as(CurrentUser user, Supplier<T> work) {
        return SystemActor.callAs(user, work);
    }

    public static void as(CurrentUser user, Runnable work) {
        as(user, () -> {
            work.run();
            return null;
        });
    }
}
