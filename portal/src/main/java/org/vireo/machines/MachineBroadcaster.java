package org.vireo.machines;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pushes committed machine changes and new usage samples to the open views that registered for them (no polling
 * in the browser); views of other features (the console) use it too.
 */
@Component
public class MachineBroadcaster {
    private record Listener<T>(UI ui, Class<T> type, Consumer<T> consumer) {}

    private final List<Listener<?>> listeners = new CopyOnWriteArrayList<>();

    public Registration register(UI ui, Consumer<MachineChanged> onChange) {
        return register(ui, MachineChanged.class, onChange);
    }

    public Registration registerUsage(UI ui, Consumer<UsageSampled> onSample) {
        return register(ui, UsageSampled.class, onSample);
    }

    private <T> Registration register(UI ui, Class<T> type, Consumer<T> consumer) {
        var listener = new Listener<>(ui, type, consumer);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @EventListener
    void on(MachineChanged event) {
        push(event);
    }

    @EventListener
    void on(UsageSampled event) {
        push(event);
    }

    private void push(Object event) {
        for (var l : listeners) {
            if (l.type().isInstance(event) && l.ui().isAttached()) {
                l.ui().access(() -> deliver(l, event));
            }
        }
    }

    private static <T> void deliver(Listener<T> l, Object event) {
        l.consumer().accept(l.type().cast(event));
    }
}
