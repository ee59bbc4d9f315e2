package org.vireo.base;

/**
 * Input refused by a service's validation. {@code field} names the offending field, {@code messageKey} is the
 * i18n key of the localized explanation (with {@code args}).
 */
public class InvalidInputException extends RuntimeException {
    private final String field;
    private final String messageKey;
    private final transient Object[] args;

    public InvalidInputException(String field, String messageKey, Object... args) {
        super(field + ": " + messageKey);
        this.field = field;
        this.messageKey = messageKey;
        this.args = args;
    }

    public String field() {
        return field;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }
}
