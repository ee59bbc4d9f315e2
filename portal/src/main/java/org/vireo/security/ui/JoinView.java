package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.vireo.base.Feedback;
import org.vireo.base.InvalidInputException;
import org.vireo.security.Invitations;

/** Where an invitation link leads: choose a username and a password (twice) and join the tenant. */
@Route(value = "join", autoLayout = false)
@AnonymousAllowed
class JoinView extends LinkPage {
    private final Invitations invitations;

    JoinView(Invitations invitations) {
        super("join-view");
        this.invitations = invitations;
    }

    @Override
    void show(String token) {
        var offer = invitations.offer(token);
        if (offer.isEmpty()) {
            var invalid = new Paragraph(getTranslation("invitation.link-invalid"));
            invalid.setId("join-result");
            add(invalid, new Anchor("login", getTranslation("invitation.to-login")));
            return;
        }
        var intro = new Paragraph(getTranslation(
                "invitation.offer",
                offer.get().tenantName(),
                getTranslation("role." + offer.get().role().name()),
                offer.get().email()));
        intro.setId("join-offer");
        var username = new TextField(getTranslation("login.username"));
        username.setId("join-username");
        username.setHelperText(getTranslation("invitation.username-rules"));
        var password = new PasswordField(getTranslation("login.password"));
        password.setId("join-password");
        password.setHelperText(getTranslation("account.password-rules"));
        var repeat = new PasswordField(getTranslation("invitation.repeat"));
        repeat.setId("join-repeat");
        var form = new Feedback.Form(this, "join-error")
                .field("username", username)
                .field("password", password)
                .field("repeat", repeat);
        var done = new Paragraph();
        done.setId("join-result");
        done.setVisible(false);
        var join = new Button(getTranslation("invitation.join"));
        join.setId("join");
        join.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        join.addClickListener(e -> form.submit(
                () -> {
                    if (!password.getValue().equals(repeat.getValue())) {
                        throw new InvalidInputException("repeat", "account.passwords-differ");
                    }
                    return invitations.accept(token, username.getValue(), password.getValue());
                },
                account -> {
                    done.setText(getTranslation("invitation.joined", account.username()));
                    done.setVisible(true);
                    join.setEnabled(false);
                },
                null));
        add(
                intro,
                username,
                password,
                repeat,
                form.errorLine(),
                join,
                done,
                new Anchor("login", getTranslation("invitation.to-login")));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("invitation.title") + " · Vireo";
    }
}
