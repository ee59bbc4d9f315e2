package org.vireo.security.ui;

import com.vaadin.flow.component.html.Anchor;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vireo.base.LocaleSelect;
import org.vireo.security.OidcSettings;
import org.vireo.security.PasswordResets;
import org.vireo.security.SingleSignOn;

/**
 * Form login (posted to Spring Security's {@code /login}) and, when configured, a link to the single sign-on
 * provider; wrong passwords, throttling and refused single sign-ons are explained.
 */
@Route(value = "login", autoLayout = false)
@AnonymousAllowed
class LoginView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    /** Why a single sign-on was refused ({@code ?sso=…}); anything else reads as "failed". */
    private static final List<String> SSO_REASONS = List.of("unknown", "tenant", "role", "taken", "claims", "failed");

    private final LoginForm form = new LoginForm();

    LoginView(PasswordResets resets, OidcSettings oidc) {
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
        add(brand, new Paragraph(getTranslation("login.tagline")), form);
        if (oidc.enabled()) {
            // a plain navigation to Spring's redirect (not the router): the provider's page replaces this one
            var sso = new Anchor(SingleSignOn.START_PATH, getTranslation("login.sso.button", oidc.name()));
            sso.setRouterIgnore(true);
            sso.setId("sso-login");
            sso.addClassName("vireo-sso");
            add(sso);
        }
        add(new LocaleSelect());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var params = event.getLocation().getQueryParameters().getParameters();
        var error = error(params);
        var i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle(getTranslation("login.title"));
        i18n.getForm().setUsername(getTranslation("login.username"));
        i18n.getForm().setPassword(getTranslation("login.password"));
        i18n.getForm().setSubmit(getTranslation("login.submit"));
        i18n.getForm().setForgotPassword(getTranslation("forgot.title"));
        i18n.getErrorMessage().setTitle(getTranslation(error.orElse("login.error") + ".title"));
        i18n.getErrorMessage().setMessage(getTranslation(error.orElse("login.error") + ".message"));
        i18n.getErrorMessage().setUsername(getTranslation("login.username.required"));
        i18n.getErrorMessage().setPassword(getTranslation("login.password.required"));
        form.setI18n(i18n);
        form.setError(error.isPresent());
    }

    /** The text key of what the query says went wrong ({@code ?error}, {@code ?throttled}, {@code ?sso=role}, …). */
    private static Optional<String> error(Map<String, List<String>> params) {
        for (var flag : List.of("throttled", "unavailable", "suspended", "expired")) {
            if (params.containsKey(flag)) {
                return Optional.of("login." + flag);
            }
        }
        var sso = params.get("sso");
        if (sso != null) {
            return Optional.of(
                    "login.sso." + (sso.size() == 1 && SSO_REASONS.contains(sso.get(0)) ? sso.get(0) : "failed"));
        }
        return params.containsKey("error") ? Optional.of("login.error") : Optional.empty();
    }

    @Override
    public String getPageTitle() {
        return getTranslation("login.title") + " · Vireo";
    }
}
