package org.vireo.base;

/** The request is valid but conflicts with the current state (e.g. starting a running machine). */
public class ConflictException extends RuntimeException {
    private final String messageKey;
    private final transient Object[] args;

    public ConflictException(String messageKey, Object... args) {
        super(messageKey);
        this.messageKey = messageKey;
        this.args = args;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }
}
