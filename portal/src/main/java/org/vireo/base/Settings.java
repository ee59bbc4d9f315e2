package org.vireo.base;

import java.net.URI;
import java.net.URISyntaxException;
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

    /** A text setting, stripped; empty or unset: {@code fallback}. */
    public static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** An http(s) URL with a host, stripped, or empty (unset). */
    public static String httpUrl(String variable, String value) {
        String url = text(value, "");
        if (url.isEmpty()) {
            return url;
        }
        try {
            var uri = new URI(url);
            if (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException(variable + " must be an http(s) URL, was " + url);
    }
}
