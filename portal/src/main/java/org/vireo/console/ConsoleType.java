package org.vireo.console;

import java.util.Locale;
import org.vireo.base.InvalidInputException;

/** Which console a ticket opens: the machine's screen (VNC) or its first serial port. */
public enum ConsoleType {
    VNC,
    SERIAL;

    /** {@code "vnc"} (also when absent) or {@code "serial"}; anything else is refused at the field {@code type}. */
    public static ConsoleType parse(String value) {
        if (value == null || value.isBlank()) {
            return VNC;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("type", "console.type-unknown");
        }
    }
}
