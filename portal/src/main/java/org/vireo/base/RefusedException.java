package org.vireo.base;

import org.springframework.security.access.AccessDeniedException;

/**
 * The caller may not do this, and is told why (a localized message): 403 in the REST API like any access denial,
 * with that message as the detail instead of the general one.
 */
public class RefusedException extends AccessDeniedException {
    private final String messageKey;

    public RefusedException(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
