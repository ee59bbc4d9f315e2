package org.vireo.security.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import org.vireo.audit.AuditSource;
import org.vireo.base.Feedback;
import org.vireo.security.TwoFactorService;

/**
 * The account page's two-factor part: turn it on (QR code or the secret as text, then a code to confirm, then the
 * recovery codes shown once) or off (with a code).
 */
class TwoFactorSection extends VerticalLayout {
    private final TwoFactorService twoFactor;

    TwoFactorSection(TwoFactorService twoFactor) {
        this.twoFactor = twoFactor;
        setId("two-factor");
        setPadding(false);
        show();
    }

    private void show() {
        removeAll();
        add(new H3(getTranslation("account.2fa.title")));
        var status = new Paragraph();
        status.setId("two-factor-status");
        add(status);
        if (twoFactor.enabled() && twoFactor.requiredForMe()) {
            status.setText(getTranslation("account.2fa.on", twoFactor.recoveryCodesLeft()) + " "
                    + getTranslation("account.2fa.required"));
        } else if (twoFactor.enabled()) {
            status.setText(getTranslation("account.2fa.on", twoFactor.recoveryCodesLeft()));
            var code = EnrolmentPanel.codeField("two-factor-off-code");
            var form = new Feedback.Form(this, "two-factor-error").field("code", code);
            var off = new Button(
                    getTranslation("account.2fa.turn-off"),
                    e -> form.submit(
                            () -> {
                                twoFactor.disable(code.getValue(), AuditSource.UI);
                                return true;
                            },
                            ok -> show(),
                            "account.2fa.turned-off"));
            off.setId("two-factor-disable");
            off.addThemeVariants(ButtonVariant.LUMO_ERROR);
            add(code, form.errorLine(), off);
        } else {
            status.setText(getTranslation("account.2fa.off"));
            var setUp = new Button(getTranslation("account.2fa.set-up"), e -> enrol());
            setUp.setId("two-factor-setup");
            add(setUp);
        }
    }

    private void enrol() {
        removeAll();
        var enrolment = twoFactor.begin();
        var panel = new EnrolmentPanel(enrolment);
        var form = new Feedback.Form(this, "two-factor-error").field("code", panel.code());
        var confirm = new Button(
                getTranslation("account.2fa.confirm"),
                e -> form.submit(
                        () -> twoFactor.enable(enrolment.secret(), panel.code().getValue(), AuditSource.UI),
                        codes -> {
                            show();
                            RecoveryCodes.show(codes, null);
                        },
                        "account.2fa.turned-on"));
        confirm.setId("two-factor-enable");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var cancel = new Button(getTranslation("action.cancel"), e -> show());
        cancel.setId("two-factor-cancel");
        add(new H3(getTranslation("account.2fa.title")), panel, form.errorLine(), confirm, cancel);
    }
}
