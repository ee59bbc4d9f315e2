package org.vireo.machines.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;

/** The generated password of a new machine's user, shown this once: Vireo keeps only its hash in the seed. */
class InitialPasswordDialog extends Dialog {
    InitialPasswordDialog(String machine, String user, String password) {
        setId("initial-password-dialog");
        setHeaderTitle(getTranslation("machines.password.title", machine));
        var field = new TextField(getTranslation("machines.password.label", user));
        field.setId("initial-password");
        field.setValue(password);
        field.setReadOnly(true);
        field.setWidthFull();
        field.addFocusListener(e -> field.getElement().executeJs("this.inputElement.select()"));
        add(new Paragraph(getTranslation("machines.password.once")), field);
        var ok = new Button(getTranslation("machines.password.done"), e -> close());
        ok.setId("initial-password-done");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(ok);
    }
}
