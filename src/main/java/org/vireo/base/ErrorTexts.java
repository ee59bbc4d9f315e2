package org.vireo.base;

import com.vaadin.flow.component.Component;
import org.springframework.security.access.AccessDeniedException;

/** The localized sentence a view shows for a failed service call. */
public final class ErrorTexts {
    private ErrorTexts() {
    }

    public static String of(Component c, Throwable e) {
        if (e instanceof InvalidInputException i) {
            return c.getTranslation(i.messageKey(), i.args());
        }
        if (e instanceof ConflictException x) {
            return c.getTranslation(x.messageKey(), x.args());
        }
        if (e instanceof OperationFailedException o) {
            return c.getTranslation(o.messageKey(), o.reason());
        }
        if (e instanceof NotFoundException) {
            return c.getTranslation("problem.not-found.detail");
        }
        if (e instanceof AccessDeniedException) {
            return c.getTranslation("problem.forbidden.detail");
        }
        if (DatabaseOutage.isCause(e)) {
            return c.getTranslation("problem.database-unavailable.detail");
        }
        return c.getTranslation("problem.internal.detail");
    }
}
