package org.vireo.machines.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.vireo.machines.MachineChanged;

/** Pushes committed machine changes to the open views that registered for them (no polling in the browser). */
@Component
class MachineBroadcaster {
    private record Listener(UI ui, Consumer<MachineChanged> onChange) {
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

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
