package org.vireo.base;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;

/**
 * A secret shown this once (a generated password, an API token): read-only, with a copy button; the dialog closes
 * only by its button, and before the secret was copied that button first warns that it will not be shown again.
 * Ids: {@code <id>} (the field), {@code <id>-copy}, {@code <id>-done}, {@code <id>-warning}.
 */
public class SecretDialog extends Dialog {
    private boolean copied;
    private boolean warned;
    private final TextField field = new TextField();
    private final Paragraph intro = new Paragraph();

    /** Then {@link #texts} says what it is. */
    public SecretDialog(String id, String secret) {
        setId(id + "-dialog");
        setWidth("min(44em, 95vw)");
        setCloseOnEsc(false);
        setCloseOnOutsideClick(false);
        field.setId(id);
        field.setValue(secret);
        field.setReadOnly(true);
        field.setWidthFull();
        field.addFocusListener(e -> field.getElement().executeJs("this.inputElement.select()"));
        var copy = new Button(getTranslation("secret.copy"), new Icon("vaadin:copy"));
        copy.setId(id + "-copy");
        copy.addClickListener(e -> copy.getElement().executeJs("""
                const text = $0;
                const done = navigator.clipboard && window.isSecureContext
                    ? navigator.clipboard.writeText(text)
                    : new Promise(resolve => {
                        const a = document.createElement('textarea');
                        a.value = text; document.body.appendChild(a); a.select();
                        document.execCommand('copy'); a.remove(); resolve();
                    });
                return done.then(() => true);""", secret).then(Boolean.class, ok -> {
            copied = true;
            Feedback.success(this, "secret.copied");
        }));
        var row = new HorizontalLayout(field, copy);
        row.setWidthFull();
        row.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        var warning = new Paragraph(getTranslation("secret.not-copied"));
        warning.setId(id + "-warning");
        warning.addClassName("vireo-error");
        warning.setVisible(false);
        add(intro, row, warning);
        var done = new Button(getTranslation("secret.done"));
        done.setId(id + "-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        done.addClickListener(e -> {
            if (copied || warned) {
                close();
                return;
            }
            warned = true;
            warning.setVisible(true);
            done.setText(getTranslation("secret.close-anyway"));
        });
        getFooter().add(done);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                field.focus();
            }
        });
    }

    /** The header, the sentence above the secret (that it is shown once, what to do with it) and its label. */
    public SecretDialog texts(String title, String introText, String label) {
        setHeaderTitle(title);
        intro.setText(introText);
        field.setLabel(label);
        return this;
    }
}
