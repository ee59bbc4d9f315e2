package org.vireo.security.ui;

import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import org.vireo.security.TwoFactorService.Enrolment;

/** Setting up an authenticator app: its QR code, the key as text, and the field for the app's first code. */
class EnrolmentPanel extends VerticalLayout {
    private final TextField code;

    EnrolmentPanel(Enrolment enrolment) {
        setPadding(false);
        var qr = new Image(enrolment.qrDataUrl(), getTranslation("account.2fa.qr"));
        qr.setId("two-factor-qr");
        qr.setWidth("12em");
        qr.setHeight("12em");
        var secret = new Span(enrolment.secret().replaceAll("(.{4})(?!$)", "$1 "));
        secret.setId("two-factor-secret");
        secret.getStyle().set("font-family", "monospace");
        code = codeField("two-factor-code");
        add(
                new Paragraph(getTranslation("account.2fa.scan")),
                qr,
                new Paragraph(getTranslation("account.2fa.or-type")),
                secret,
                code);
    }

    TextField code() {
        return code;
    }

    /** A field for a 6-digit code or a recovery code. */
    static TextField codeField(String id) {
        var code = new TextField();
        code.setLabel(code.getTranslation("login.code"));
        code.setId(id);
        code.getElement().setAttribute("autocomplete", "one-time-code");
        code.setMaxLength(64);
        return code;
    }
}
