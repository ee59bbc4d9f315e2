package org.vireo.security.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.vireo.base.Feedback;
import org.vireo.base.LocaleSelect;
import org.vireo.security.SecondFactorLogin;

/**
 * Signing in for a user who must have a second factor and has none yet (their tenant or the operator requires
 * it): after the right password they set up an authenticator app here, and are signed in once its code is right.
 */
@Route(value = "login/enrol", autoLayout = false)
@AnonymousAllowed
class SecondFactorEnrolView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {
    private final SecondFactorLogin login;

    SecondFactorEnrolView(SecondFactorLogin login) {
        this.login = login;
        setId("second-factor-enrol-view");
        setAlignItems(Alignment.CENTER);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var enrolment = login.beginEnrolment(VaadinServletRequest.getCurrent().getHttpServletRequest());
        if (enrolment.isEmpty()) {
            event.forwardTo("login");
            return;
        }
        removeAll();
        var brand = new H1("Vireo");
        brand.addClassName("vireo-brand");
        var panel = new EnrolmentPanel(enrolment.get());
        var form = new Feedback.Form(this, "two-factor-error").field("code", panel.code());
        var confirm = new Button(
                getTranslation("account.2fa.confirm"),
                e -> form.submit(
                        () -> login.enrol(
                                VaadinServletRequest.getCurrent().getHttpServletRequest(),
                                VaadinServletResponse.getCurrent().getHttpServletResponse(),
                                enrolment.get().secret(),
                                panel.code().getValue()),
                        codes -> codes.ifPresentOrElse(
                                c -> RecoveryCodes.show(c, () -> home("./")), () -> home("login?expired")),
                        null));
        confirm.setId("two-factor-enable");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.addClickShortcut(Key.ENTER);
        var back = new Button(getTranslation("login.code.back"), e -> {
            login.abandon(VaadinServletRequest.getCurrent().getHttpServletRequest());
            home("login");
        });
        back.setId("second-factor-back");
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        add(
                brand,
                new H2(getTranslation("account.2fa.title")),
                new Paragraph(getTranslation("login.enrol.intro")),
                panel,
                form.errorLine(),
                confirm,
                back,
                new LocaleSelect());
    }

    private void home(String location) {
        getUI().ifPresent(ui -> ui.getPage().setLocation(location));
    }

    @Override
    public String getPageTitle() {
        return getTranslation("account.2fa.title") + " · Vireo";
    }
}
