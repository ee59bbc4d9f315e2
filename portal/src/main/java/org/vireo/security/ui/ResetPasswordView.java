package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.vireo.base.Feedback;
import org.vireo.base.InvalidInputException;
import org.vireo.security.PasswordResets;

/** Where a password link leads: a new password (twice) while the link is good. */
@Route(value = "reset-password", autoLayout = false)
@AnonymousAllowed
class ResetPasswordView extends LinkPage {
    private final PasswordResets resets;

    ResetPasswordView(PasswordResets resets) {
        super("reset-password-view");
        this.resets = resets;
    }

    @Override
    void show(String token) {
        var user = resets.usernameFor(token);
        if (user.isEmpty()) {
            var invalid = new Paragraph(getTranslation("account.reset.link-invalid"));
            invalid.setId("reset-result");
            add(invalid, new Anchor("forgot-password", getTranslation("forgot.title")));
            return;
        }
        var next = new PasswordField(getTranslation("account.new-password"));
        next.setId("new-password");
        next.setHelperText(getTranslation("account.password-rules"));
        var repeat = new PasswordField(getTranslation("account.repeat-password"));
        repeat.setId("repeat-password");
        var form =
                new Feedback.Form(this, "reset-error").field("password", next).field("repeat", repeat);
        var done = new Paragraph(getTranslation("account.reset.done"));
        done.setId("reset-result");
        done.setVisible(false);
        var save = new Button(getTranslation("account.change-password"));
        save.setId("reset-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> form.submit(
                () -> {
                    if (!next.getValue().equals(repeat.getValue())) {
                        throw new InvalidInputException("repeat", "account.passwords-differ");
                    }
                    resets.reset(token, next.getValue());
                    return true;
                },
                ok -> {
                    done.setVisible(true);
                    save.setEnabled(false);
                },
                null));
        add(
                new Paragraph(getTranslation("account.reset.for", user.get())),
                next,
                repeat,
                form.errorLine(),
                save,
                done,
                new Anchor("login", getTranslation("login.code.back")));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("forgot.title") + " · Vireo";
    }
}
