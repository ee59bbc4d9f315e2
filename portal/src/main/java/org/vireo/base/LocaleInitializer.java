package org.vireo.base;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinServiceInitListener;
import org.springframework.stereotype.Component;

/** Gives every new UI the user's language (see {@link Locales}). */
@Component
class LocaleInitializer implements VaadinServiceInitListener {
    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addUIInitListener(e -> {
            var ui = e.getUI();
            var locale = Locales.forRequest(ui.getSession(), VaadinRequest.getCurrent());
            ui.setLocale(locale);
        });
    }
}
