package org.vireo.base;

/**
 * An operation failed in a system Vireo depends on (the hypervisor); everything it had done was rolled back.
 * {@code reason} is the underlying system's message. It may name hosts, URIs and paths, so it is shown to
 * operators only (and logged); tenants get the localized {@code messageKey} alone.
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
