package org.vireo.security;

import java.util.Locale;
import org.vireo.base.InvalidInputException;

/** What an API token may do: {@code read} only reads (GET), {@code write} does whatever its user may do. */
public enum TokenScope {
    READ,
    WRITE;

    /** The authority a bearer request carries besides its user's role. */
    public String authority() {
        return "SCOPE_" + name();
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code "read"} or {@code "write"}. */
    public static TokenScope parse(String value) {
        return switch (value == null ? "" : value) {
            case "read" -> READ;
            case "write" -> WRITE;
            default -> throw new InvalidInputException("scope", "tokens.scope-invalid");
        };
    }
}
