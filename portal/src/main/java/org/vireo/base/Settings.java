package org.vireo.base;

import java.time.Duration;
import java.util.List;

/**
 * Checks for the typed configuration records ({@code @ConfigurationProperties}): a bad value stops the start with a
 * message that names the environment variable it came from (Spring reports it as the binding failure's reason).
 */
public final class Settings {
    private Settings() {}

    public static int range(String variable, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(variable + " must be " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    public static double range(String variable, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(variable + " must be " + min + " to " + max + ", was " + value);
        }
        return value;
    }

    /** A comma-separated list's values, stripped, without empty ones (none: an empty list). */
    public static List<String> listed(List<String> values) {
        return values == null
                ? List.of()
                : values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A duration that is set and longer than zero. */
    public static Duration positive(String variable, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    variable + " must be a positive duration (ISO-8601, e.g. PT30S), was " + value);
        }
        return value;
    }
}
