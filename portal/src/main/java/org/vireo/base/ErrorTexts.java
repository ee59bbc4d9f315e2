package org.vireo.base;

import com.vaadin.flow.component.Component;
import java.util.Locale;
import org.springframework.security.access.AccessDeniedException;

/** The localized sentence a view (or the REST API's {@code detail}) shows for a failed service call. */
public final class ErrorTexts {
    private ErrorTexts() {}

    public static String of(Component c, Throwable e) {
        if (e instanceof InvalidInputException i) {
            return c.getTranslation(i.messageKey(), i.args());
        }
        if (e instanceof ConflictException x) {
            return c.getTranslation(x.messageKey(), x.args());
        }
        if (e instanceof UnavailableException u) {
            return c.getTranslation(u.messageKey());
        }
        if (e instanceof OperationFailedException o) {
            return withReason(c.getTranslation(o.messageKey()), o);
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

    /**
     * A failed operation's sentence: the underlying system's reason is added for operators only, since it may name
     * hosts, URIs, paths or capacities that tenants must never see.
     */
    static String failure(Messages messages, OperationFailedException e, Locale locale) {
        return withReason(messages.get(e.messageKey(), locale), e);
    }

    private static String withReason(String text, OperationFailedException e) {
        return Callers.isOperator() && e.reason() != null ? text + " (" + e.reason() + ")" : text;
    }
}
