package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.vireo.base.ConflictException;
import org.vireo.security.EmailAddresses;

/** Where a confirmation link leads: the address is confirmed, or the link is not good (any more). */
@Route(value = "confirm-email", autoLayout = false)
@AnonymousAllowed
class ConfirmEmailView extends LinkPage {
    private final EmailAddresses addresses;

    ConfirmEmailView(EmailAddresses addresses) {
        super("confirm-email-view");
        this.addresses = addresses;
    }

    @Override
    void show(String token) {
        var result = new Paragraph();
        result.setId("confirm-email-result");
        var pending = addresses.pending(token);
        // Confirmed by a click, not by opening the link: a mail scanner that opens links confirms nothing.
        var confirm = new Button(getTranslation("account.email.confirm"), e -> {
            try {
                result.setText(addresses
                        .confirm(token)
                        .map(a -> getTranslation("account.email.confirmed", a))
                        .orElseGet(() -> getTranslation("account.email.link-invalid")));
            } catch (ConflictException ex) {
                result.setText(getTranslation(ex.messageKey()));
            }
            e.getSource().setEnabled(false);
        });
        confirm.setId("confirm-email");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        result.setText(pending.map(a -> getTranslation("account.email.confirm-ask", a))
                .orElseGet(() -> getTranslation("account.email.link-invalid")));
        confirm.setVisible(pending.isPresent());
        add(result, confirm, new Anchor("./", getTranslation("account.email.to-portal")));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("account.email.title") + " · Vireo";
    }
}
