package org.vireo.base;

import java.util.Map;

/**
 * The request is valid but conflicts with the current state (e.g. starting a running machine): 409 in the REST
 * API, with the problem type {@code https://vireo.org/problems/<type>} ({@code conflict} unless a subclass names a
 * more precise one). Arguments may be {@link org.springframework.context.MessageSourceResolvable}s, which are
 * translated too.
 */
public class ConflictException extends RuntimeException {
    private final String type;
    private final String messageKey;
    private final transient Object[] args;

    public ConflictException(String messageKey, Object... args) {
        this("conflict", messageKey, args);
    }

    protected ConflictException(String type, String messageKey, Object... args) {
        super(messageKey);
        this.type = type;
        this.messageKey = messageKey;
        this.args = args;
    }

    /** The problem type's last path segment. */
    public String type() {
        return type;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }

    /** Extra members of the problem document (e.g. which limit was exceeded); none by default. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
