package org.vireo.security.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.vireo.base.IpText;
import org.vireo.base.LocaleSelect;
import org.vireo.security.PasswordResets;

/** "Forgot password": a username or address; the answer is the same whether an account has it or not. */
@Route(value = "forgot-password", autoLayout = false)
@AnonymousAllowed
class ForgotPasswordView extends VerticalLayout implements HasDynamicTitle {

    ForgotPasswordView(PasswordResets resets) {
        setId("forgot-password-view");
        setAlignItems(Alignment.CENTER);
        var brand = new H1("Vireo");
        brand.addClassName("vireo-brand");
        var who = new TextField(getTranslation("forgot.who"));
        who.setId("forgot-who");
        who.setMaxLength(254);
        who.setWidth("24em");
        var sent = new Paragraph(getTranslation("forgot.sent"));
        sent.setId("forgot-sent");
        sent.setVisible(false);
        var send = new Button(getTranslation("forgot.send"), e -> {
            if (!who.getValue().isBlank()) {
                var request = VaadinServletRequest.getCurrent().getHttpServletRequest();
                resets.request(who.getValue(), getLocale(), IpText.shortForm(request.getRemoteAddr()));
                sent.setVisible(true);
                who.clear();
            }
        });
        send.setId("forgot-send");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickShortcut(Key.ENTER);
        send.setEnabled(resets.available());
        add(
                brand,
                new Paragraph(getTranslation(resets.available() ? "forgot.intro" : "forgot.no-mail")),
                who,
                send,
                sent,
                new Anchor("login", getTranslation("login.code.back")),
                new LocaleSelect());
    }

    @Override
    public String getPageTitle() {
        return getTranslation("forgot.title") + " · Vireo";
    }
}
