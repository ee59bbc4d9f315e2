package org.vireo.base;

/**
 * An operation failed in a system Vireo depends on (the hypervisor); everything it had done was rolled back.
 * {@code reason} is the underlying system's message, shown to the user.
 */
public class OperationFailedException extends RuntimeException {
    private final String messageKey;
    private final String reason;

    public OperationFailedException(String messageKey, String reason, Throwable cause) {
        super(messageKey + ": " + reason, cause);
        this.messageKey = messageKey;
        this.reason = reason;
    }

    public String messageKey() {
        return messageKey;
    }

    public String reason() {
        return reason;
    }
}
