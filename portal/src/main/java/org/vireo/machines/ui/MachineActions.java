package org.vireo.machines.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.vireo.audit.AuditSource;
import org.vireo.base.Background;
import org.vireo.base.Feedback;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineService;

/**
 * The lifecycle actions the machine list and the detail page offer, by one rule ({@link MachineAction}, which the
 * service enforces too): each enabled in the states that allow it, otherwise saying why; power-off, reboot and
 * delete ask first; the call runs off the request thread.
 */
final class MachineActions {
    static final List<MachineAction> LIFECYCLE = List.of(
            MachineAction.START,
            MachineAction.SHUTDOWN,
            MachineAction.POWEROFF,
            MachineAction.REBOOT,
            MachineAction.DELETE);

    private MachineActions() {}

    static String key(MachineAction action) {
        return action.name().toLowerCase(Locale.ROOT);
    }

    static String label(Component c, MachineAction action) {
        return c.getTranslation("machines.action." + key(action));
    }

    /** Why the action is not offered now; null when it is. */
    static String whyNot(Component c, MachineAction action, Machine m) {
        if ((action == MachineAction.DELETE || action == MachineAction.REBUILD) && m.deleteProtected()) {
            return c.getTranslation("machines.delete-protected");
        }
        return action.allowedIn(m.state())
                ? null
                : c.getTranslation(
                        "machines.action.not-now",
                        c.getTranslation("machines.state." + m.state().name()));
    }

    /** The icon of an action's button (Vaadin's icon set). */
    static String icon(MachineAction action) {
        return switch (action) {
            case START -> "vaadin:play";
            case SHUTDOWN -> "vaadin:power-off";
            case POWEROFF -> "vaadin:plug";
            case REBOOT -> "vaadin:refresh";
            case DELETE -> "vaadin:trash";
            default -> "vaadin:cog";
        };
    }

    /** Runs {@code action} on {@code m} (asking first where it cannot be undone); {@code done} hears the outcome. */
    static void run(Component view, MachineService machines, Machine m, MachineAction action, Consumer<Boolean> done) {
        Runnable call = () -> {
            UI ui = view.getUI().orElseThrow();
            Background.run(
                    ui,
                    () -> switch (action) {
                        case START -> machines.start(m.id(), AuditSource.UI);
                        case SHUTDOWN -> machines.shutdown(m.id(), AuditSource.UI);
                        case POWEROFF -> machines.powerOff(m.id(), AuditSource.UI);
                        case REBOOT -> machines.reboot(m.id(), AuditSource.UI);
                        case DELETE -> {
                            machines.delete(m.id(), AuditSource.UI);
                            yield m;
                        }
                        default -> throw new IllegalArgumentException(action.name());
                    },
                    r -> {
                        Feedback.success(view, "machines.action.done." + key(action), m.name());
                        done.accept(true);
                    },
                    e -> {
                        Feedback.error(view, e);
                        done.accept(false);
                    });
        };
        switch (action) {
            case POWEROFF, REBOOT, DELETE ->
                Feedback.confirm(
                        view,
                        view.getTranslation("machines." + key(action) + ".title", m.name()),
                        view.getTranslation("machines." + key(action) + ".text"),
                        label(view, action),
                        "confirm-" + key(action),
                        action != MachineAction.REBOOT,
                        call);
            default -> call.run();
        }
    }
}
