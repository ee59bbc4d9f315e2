package org.vireo.base;

/**
 * Nothing Vireo depends on can serve the request right now (no hypervisor host answers); nothing was changed and the
 * caller may try again later: 503 with {@code Retry-After} in the REST API.
 */
public class UnavailableException extends RuntimeException {
    private final String type;
    private final String messageKey;

    public UnavailableException(String type, String messageKey) {
        super(messageKey);
        this.type = type;
        this.messageKey = messageKey;
    }

    public String type() {
        return type;
    }

    public String messageKey() {
        return messageKey;
    }
}
