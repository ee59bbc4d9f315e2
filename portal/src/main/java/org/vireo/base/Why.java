package org.vireo.base;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.html.Span;

/**
 * A control that is not available now says why: it is disabled inside a wrapper whose tooltip (and accessible
 * description) gives the reason; a disabled control itself receives no pointer events, so it could not.
 */
public final class Why {
    private Why() {}

    /** {@code control}, enabled when {@code reason} is null, else disabled with the reason on hover and focus. */
    public static <C extends Component & HasEnabled> Component wrap(C control, String reason) {
        control.setEnabled(reason == null);
        var wrapper = new Span(control);
        wrapper.addClassName("vireo-why");
        if (reason != null) {
            wrapper.setTitle(reason);
            wrapper.getElement().setAttribute("data-why", reason);
            control.getElement().setAttribute("aria-description", reason);
        }
        return wrapper;
    }
}
