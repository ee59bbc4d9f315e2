package org.vireo.machines.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.vireo.machines.MachineChanged;
import org.vireo.machines.UsageSampled;

/**
 * Pushes committed machine changes and new usage samples to the open views that registered for them (no polling
 * in the browser).
 */
@Component
class MachineBroadcaster {
    private record Listener(UI ui, Consumer<MachineChanged> onChange) {
    }

    private record UsageListener(UI ui, Consumer<UsageSampled> onSample) {
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<UsageListener> usageListeners = new CopyOnWriteArrayList<>();

    Registration registerUsage(UI ui, Consumer<UsageSampled> onSample) {
        var listener = new UsageListener(ui, onSample);
        usageListeners.add(listener);
        return () -> usageListeners.remove(listener);
    }

    @EventListener
    void on(UsageSampled event) {
        for (var l : usageListeners) {
            if (l.ui().isAttached()) {
                l.ui().access(() -> l.onSample().accept(event));
            }
        }
    }

    Registration register(UI ui, Consumer<MachineChanged> onChange) {
        var listener = new Listener(ui, onChange);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @EventListener
    void on(MachineChanged event) {
        for (var l : listeners) {
            if (l.ui().isAttached()) {
                l.ui().access(() -> l.onChange().accept(event));
            }
        }
    }
}
