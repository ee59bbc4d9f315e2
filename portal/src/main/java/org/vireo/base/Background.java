package org.vireo.base;

import com.vaadin.flow.component.UI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutorService;

/**
 * Runs slow service calls (hypervisor work) off the request thread with the user's security context, and hands
 * the result or failure back to the UI through {@link UI#access}, so the view stays usable meanwhile.
 */
public final class Background {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(8, r -> {
        var t = new Thread(r, "vireo-ui-work");
        t.setDaemon(true);
        return t;
    });

    private Background() {}

    public static <T> void run(UI ui, Supplier<T> work, Consumer<T> onSuccess, Consumer<RuntimeException> onFailure) {
        new DelegatingSecurityContextExecutorService(POOL).execute(() -> {
            try {
                T result = work.get();
                ui.access(() -> onSuccess.accept(result));
            } catch (RuntimeException e) {
                ui.access(() -> onFailure.accept(e));
            }
        });
    }
}
