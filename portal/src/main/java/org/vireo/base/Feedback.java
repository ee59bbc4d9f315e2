package org.vireo.base;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the views tell users about their actions, one way everywhere: a confirmation before what cannot be undone,
 * a success notice after a change, the localized error in a notice or next to the form, and the form action that
 * ties them together.
 */
public final class Feedback {
    private Feedback() {}

    /** A green notice in the corner (role "status", announced by screen readers). */
    public static void success(Component c, String key, Object... args) {
        var n = Notification.show(c.getTranslation(key, args), 4000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        n.setId("success-notification");
    }

    /** A failed action as an error notice in the corner. */
    public static void error(Component c, Throwable e) {
        var n = Notification.show(ErrorTexts.of(c, e), 6000, Notification.Position.BOTTOM_END);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.setId("error-notification");
    }

    /**
     * Asks before an action: the confirm button carries {@code buttonId} (red when {@code destructive}), Cancel and
     * Escape close it, and the dialog opens with the focus in it.
     */
    public static void confirm(
            Component c,
            String title,
            String text,
            String action,
            String buttonId,
            boolean destructive,
            Runnable onConfirm) {
        // A plain modal dialog: like every other dialog here, it keeps the page behind it inert for the keyboard.
        var dialog = new Dialog(new Paragraph(text));
        dialog.setHeaderTitle(title);
        dialog.getElement().setAttribute("role", "alertdialog");
        var button = new Button(action, e -> {
            dialog.close();
            onConfirm.run();
        });
        button.setId(buttonId);
        button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (destructive) {
            button.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        var cancel = new Button(c.getTranslation("action.cancel"), e -> dialog.close());
        cancel.setId(buttonId + "-cancel");
        dialog.getFooter().add(cancel, button);
        dialog.setCloseOnEsc(true);
        dialog.open();
        cancel.focus();
    }

    /**
     * A form's action and its messages: each refusal of one field shows at that field (one message per field, with
     * the allowed range in its unit), anything else in the form's error line; a success clears them, hands on the
     * result and shows a success notice. Every view's form goes through one of these.
     */
    public static final class Form {
        private final Component owner;
        private final Paragraph error;
        private final Map<String, HasValidation> fields = new LinkedHashMap<>();

        public Form(Component owner, String errorId) {
            this.owner = owner;
            this.error = new Paragraph();
            error.setId(errorId);
            error.addClassName("vireo-error");
            error.getElement().setAttribute("role", "alert");
        }

        /** The field a service names {@code name} in its refusals. */
        public Form field(String name, HasValidation field) {
            fields.put(name, field);
            return this;
        }

        /** The line for errors that belong to no field; add it to the form. */
        public Paragraph errorLine() {
            return error;
        }

        /** Runs the action; true when it succeeded. */
        public <T> boolean submit(Supplier<T> action, Consumer<T> onSuccess, String successKey, Object... args) {
            fields.values().forEach(f -> f.setInvalid(false));
            error.setText("");
            T result;
            try {
                result = action.get();
            } catch (RuntimeException ex) {
                show(ex);
                return false;
            }
            onSuccess.accept(result);
            if (successKey != null) {
                success(owner, successKey, args);
            }
            return true;
        }

        /** Shows a refusal that came back later (from work in the background). */
        public void show(Throwable ex) {
            String text = ErrorTexts.of(owner, ex);
            if (ex instanceof InvalidInputException i && fields.containsKey(i.field())) {
                var f = fields.get(i.field());
                f.setErrorMessage(text);
                f.setInvalid(true);
            } else {
                error.setText(text);
            }
        }
    }
}
