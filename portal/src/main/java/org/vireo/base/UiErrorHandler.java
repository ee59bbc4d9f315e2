package org.vireo.base;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Errors a view did not handle itself (a click whose service call failed unexpectedly) become a localized
 * notification; a database outage says so. The details go to the log only.
 */
@Component
class UiErrorHandler implements VaadinServiceInitListener {
    private static final Logger log = LoggerFactory.getLogger(UiErrorHandler.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(e -> e.getSession().setErrorHandler(UiErrorHandler::handle));
    }

    static void handle(ErrorEvent event) {
        Throwable t = event.getThrowable();
        boolean outage = DatabaseOutage.isCause(t);
        if (outage) {
            log.warn("UI action failed, database unavailable: {}", t.toString());
        } else {
            log.error("UI action failed", t);
        }
        // Vaadin calls this after the request's current UI is cleared: find it from the failing component.
        var ui = event.getComponent()
                .flatMap(com.vaadin.flow.component.Component::getUI)
                .orElseGet(UI::getCurrent);
        if (ui == null) {
            return;
        }
        String text = ErrorTexts.of(ui, t);
        ui.access(() -> {
            var n = Notification.show(text, 8000, Notification.Position.MIDDLE);
            n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            n.setId("error-notification");
        });
    }
}
