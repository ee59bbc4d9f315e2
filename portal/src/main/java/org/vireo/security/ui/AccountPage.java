package org.vireo.security.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.Autocomplete;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.base.InvalidInputException;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.EmailAddresses;
import org.vireo.security.NotificationPreferences;
import org.vireo.security.TwoFactorService;

/**
 * The signed-in user's own account: who they are, a new password (with the current one), the e-mail address, which
 * notifications it gets, two-factor sign-in.
 */
@Route("account")
@PermitAll
class AccountPage extends VerticalLayout implements HasDynamicTitle {

    AccountPage(
            AccountService accounts,
            TwoFactorService twoFactor,
            EmailAddresses addresses,
            NotificationPreferences notifications) {
        setId("account-view");
        var user = CurrentUser.require();
        var who = new Paragraph(getTranslation(
                "account.who",
                user.username(),
                getTranslation("role." + user.role().name())));
        who.setId("account-who");
        var current = new PasswordField(getTranslation("account.current-password"));
        current.setId("current-password");
        current.setAutocomplete(Autocomplete.CURRENT_PASSWORD);
        var next = new PasswordField(getTranslation("account.new-password"));
        next.setId("new-password");
        next.setHelperText(getTranslation("account.password-rules"));
        next.setAutocomplete(Autocomplete.NEW_PASSWORD);
        var repeat = new PasswordField(getTranslation("account.repeat-password"));
        repeat.setId("repeat-password");
        repeat.setAutocomplete(Autocomplete.NEW_PASSWORD);
        var form = new Feedback.Form(this, "password-error")
                .field("currentPassword", current)
                .field("password", next)
                .field("repeat", repeat);
        var save = new Button(
                getTranslation("account.change-password"),
                e -> form.submit(
                        () -> {
                            if (!next.getValue().equals(repeat.getValue())) {
                                throw new InvalidInputException("repeat", "account.passwords-differ");
                            }
                            accounts.changeOwnPassword(current.getValue(), next.getValue(), AuditSource.UI);
                            return true;
                        },
                        ok -> {
                            current.clear();
                            next.clear();
                            repeat.clear();
                        },
                        "account.password-changed"));
        save.setId("change-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER).resetFocusOnActiveElement();
        var fields = new FormLayout(current, next, repeat);
        fields.setMaxWidth("40em");
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(new H2(getTranslation("account.title")), who, new H3(getTranslation("account.change-password")));
        if (accounts.hasOwnPassword()) {
            add(fields, form.errorLine(), save);
        } else {
            var sso = new Paragraph(getTranslation("account.password.sso"));
            sso.setId("password-sso");
            add(sso);
        }
        add(
                new EmailSection(addresses),
                new NotificationsSection(notifications, addresses.mine().isPresent()),
                new TwoFactorSection(twoFactor));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("account.title") + " · Vireo";
    }
}
