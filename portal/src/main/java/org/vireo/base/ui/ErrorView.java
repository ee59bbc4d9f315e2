package org.vireo.base.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.base.DatabaseOutage;

/**
 * Shown when opening a view fails: a database outage says so (and offers to retry; the pool reconnects by itself),
 * anything else is a localized "something went wrong", never a stack trace.
 */
@AnonymousAllowed
class ErrorView extends VerticalLayout implements HasErrorParameter<Exception> {
    private static final Logger log = LoggerFactory.getLogger(ErrorView.class);

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        var e = parameter.getCaughtException();
        boolean outage = DatabaseOutage.isCause(e);
        if (outage) {
            log.warn(
                    "view {} not shown, database unavailable: {}",
                    event.getLocation().getPath(),
                    e.toString());
        } else {
            log.error("view {} failed", event.getLocation().getPath(), e);
        }
        removeAll();
        setId("error-view");
        String key = outage ? "problem.database-unavailable" : "problem.internal";
        var retry = new Button(
                getTranslation("error.retry"),
                click -> getUI().ifPresent(ui -> ui.getPage().reload()));
        retry.setId("error-retry");
        add(new H2(getTranslation(key)), new Paragraph(getTranslation(key + ".detail")), retry);
        return outage ? HttpServletResponse.SC_SERVICE_UNAVAILABLE : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
