package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.security.EmailAddresses;

/** The account page's e-mail address: the confirmed one, and a new one confirmed by a mailed link. */
class EmailSection extends VerticalLayout {

    EmailSection(EmailAddresses addresses) {
        setId("email");
        setPadding(false);
        var status = new Paragraph(addresses
                .mine()
                .map(a -> getTranslation("account.email.is", a))
                .orElseGet(() -> getTranslation("account.email.none")));
        status.setId("email-status");
        add(new H3(getTranslation("account.email.title")), status);
        if (!addresses.mailAvailable()) {
            add(new Paragraph(getTranslation("account.email.no-mail")));
            return;
        }
        var email = new EmailField(getTranslation("account.email.new"));
        email.setId("email-address");
        email.setMaxLength(254);
        email.setWidth("24em");
        var form = new Feedback.Form(this, "email-error").field("email", email);
        var send = new Button(
                getTranslation("account.email.send"),
                e -> form.submit(
                        () -> {
                            addresses.requestConfirmation(email.getValue(), getLocale(), AuditSource.UI);
                            return true;
                        },
                        ok -> email.clear(),
                        "account.email.sent"));
        send.setId("email-send");
        add(email, form.errorLine(), send);
    }
}
