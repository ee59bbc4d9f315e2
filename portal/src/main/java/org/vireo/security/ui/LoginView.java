package org.vireo.security.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.vireo.base.LocaleSelect;
import org.vireo.security.PasswordResets;

/** Form login (posted to Spring Security's {@code /login}); wrong passwords and throttling are explained. */
@Route(value = "login", autoLayout = false)
@AnonymousAllowed
class LoginView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final LoginForm form = new LoginForm();

    LoginView(PasswordResets resets) {
        setId("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        form.setId("login-form");
        form.setAction("login");
        // "Forgot password" only where a link can be mailed.
        form.setForgotPasswordButtonVisible(resets.available());
        form.addForgotPasswordListener(e -> form.getUI().ifPresent(ui -> ui.navigate("forgot-password")));
        var brand = new H1("Vireo");
        brand.addClassName("vireo-brand");
        add(brand, new Paragraph(getTranslation("login.tagline")), form, new LocaleSelect());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        boolean throttled = params.containsKey("throttled");
        boolean unavailable = params.containsKey("unavailable");
        boolean suspended = params.containsKey("suspended");
        boolean expired = params.containsKey("expired");
        String error = throttled
                ? "login.throttled"
                : unavailable
                        ? "login.unavailable"
                        : suspended ? "login.suspended" : expired ? "login.expired" : "login.error";
        var i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle(getTranslation("login.title"));
        i18n.getForm().setUsername(getTranslation("login.username"));
        i18n.getForm().setPassword(getTranslation("login.password"));
        i18n.getForm().setSubmit(getTranslation("login.submit"));
        i18n.getForm().setForgotPassword(getTranslation("forgot.title"));
        i18n.getErrorMessage().setTitle(getTranslation(error + ".title"));
        i18n.getErrorMessage().setMessage(getTranslation(error + ".message"));
        i18n.getErrorMessage().setUsername(getTranslation("login.username.required"));
        i18n.getErrorMessage().setPassword(getTranslation("login.password.required"));
        form.setI18n(i18n);
        form.setError(throttled || unavailable || suspended || expired || params.containsKey("error"));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("login.title") + " · Vireo";
    }
}
