package org.vireo.security.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.vireo.base.LocaleSelect;
import org.vireo.security.SecondFactorLogin;

/**
 * The sign-in's second step, after a right password of a user with two-factor sign-in: the code of their
 * authenticator app, or one of their recovery codes.
 */
@Route(value = "login/code", autoLayout = false)
@AnonymousAllowed
class SecondFactorView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final SecondFactorLogin login;
    private final TextField code = new TextField();
    private final Paragraph error = new Paragraph();

    SecondFactorView(SecondFactorLogin login) {
        this.login = login;
        setId("second-factor-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        var brand = new H1("Vireo");
        brand.addClassName("vireo-brand");
        code.setId("second-factor-code");
        code.setLabel(getTranslation("login.code"));
        code.setHelperText(getTranslation("login.code.help"));
        code.getElement().setAttribute("autocomplete", "one-time-code");
        code.setMaxLength(64);
        code.setAutofocus(true);
        error.setId("second-factor-error");
        error.addClassName("vireo-error");
        error.setVisible(false);
        var submit = new Button(getTranslation("login.code.submit"), e -> submit());
        submit.setId("second-factor-submit");
        submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        submit.addClickShortcut(Key.ENTER);
        var back = new Button(getTranslation("login.code.back"), e -> {
            login.abandon(VaadinServletRequest.getCurrent().getHttpServletRequest());
            getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
        });
        back.setId("second-factor-back");
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(brand, new Paragraph(getTranslation("login.code.intro")), code, error, submit, back, new LocaleSelect());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (login.waiting(VaadinServletRequest.getCurrent().getHttpServletRequest())
                .isEmpty()) {
            event.forwardTo("login");
        }
    }

    private void submit() {
        var outcome = login.complete(
                VaadinServletRequest.getCurrent().getHttpServletRequest(),
                VaadinServletResponse.getCurrent().getHttpServletResponse(),
                code.getValue());
        switch (outcome) {
            case SIGNED_IN -> getUI().ifPresent(ui -> ui.getPage().setLocation("./"));
            case EXPIRED -> getUI().ifPresent(ui -> ui.getPage().setLocation("login?expired"));
            case THROTTLED -> show("login.throttled.message");
            case WRONG_CODE -> show("login.code.wrong");
        }
    }

    private void show(String key) {
        code.clear();
        code.focus();
        error.setText(getTranslation(key));
        error.setVisible(true);
    }

    @Override
    public String getPageTitle() {
        return getTranslation("login.code") + " · Vireo";
    }
}
