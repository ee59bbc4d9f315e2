package org.vireo.machines.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;
import org.vireo.machines.MachineState;

/** Shared bits of the machine views: state badges. */
final class MachineTexts {
    private MachineTexts() {}

    static Span badge(Component c, MachineState state) {
        var badge = new Span(c.getTranslation("machines.state." + state.name()));
        badge.getElement().setAttribute("theme", ("badge " + badgeTheme(state)).strip());
        badge.getElement().setAttribute("data-state", state.name());
        badge.addClassName("machine-state");
        return badge;
    }

    /** A machine booted into the rescue system says so beside its state. */
    static Span rescueBadge(Component c) {
        var badge = new Span(c.getTranslation("machines.rescue.badge"));
        badge.getElement().setAttribute("theme", "badge error");
        badge.addClassName("machine-rescue");
        return badge;
    }

    /** Lumo badge variant of a state (empty: the default badge). */
    static String badgeTheme(MachineState state) {
        return switch (state) {
            case RUNNING -> "success";
            case ERROR, PAUSED -> "error";
            case STOPPED -> "contrast";
            default -> "";
        };
    }
}
