package org.vireo.machines.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;
import org.vireo.base.ErrorTexts;
import org.vireo.machines.MachineState;

/** Shared bits of the machine views: state badges and error sentences. */
final class MachineTexts {
    private MachineTexts() {
    }

    static Span badge(Component c, MachineState state) {
        var badge = new Span(c.getTranslation("machines.state." + state.name()));
        badge.getElement().setAttribute("theme", ("badge " + badgeTheme(state)).strip());
        badge.getElement().setAttribute("data-state", state.name());
        badge.addClassName("machine-state");
        return badge;
    }

    /** Lumo badge variant of a state (empty: the default badge). */
    static String badgeTheme(MachineState state) {
        return switch (state) {
            case RUNNING -> "success";
            case ERROR -> "error";
            case STOPPED -> "contrast";
            default -> "";
        };
    }

    /** Asks before a destructive action: the confirm button is red, carries {@code buttonId}, cancel is offered. */
    static void confirm(Component c, String title, String text, String action, String buttonId, Runnable onConfirm) {
        var confirm = new com.vaadin.flow.component.confirmdialog.ConfirmDialog(title, text, action,
                ok -> onConfirm.run());
        var button = new com.vaadin.flow.component.button.Button(action);
        button.setId(buttonId);
        button.addThemeVariants(com.vaadin.flow.component.button.ButtonVariant.LUMO_ERROR,
                com.vaadin.flow.component.button.ButtonVariant.LUMO_PRIMARY);
        confirm.setConfirmButton(button);
        confirm.setCancelable(true);
        confirm.setCancelText(c.getTranslation("action.cancel"));
        confirm.open();
    }

    /** A failed action as an error notification in the corner. */
    static void notifyError(Component c, Throwable e) {
        var n = com.vaadin.flow.component.notification.Notification.show(
                ErrorTexts.of(c, e), 6000,
                com.vaadin.flow.component.notification.Notification.Position.BOTTOM_END);
        n.addThemeVariants(com.vaadin.flow.component.notification.NotificationVariant.LUMO_ERROR);
    }
}
