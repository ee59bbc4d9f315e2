package org.vireo.templates;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How imports (URL downloads and uploads) are bounded, {@code vireo.templates.import.*}: {@code timeout}
 * ({@code VIREO_IMPORT_TIMEOUT}) for the whole transfer; at least {@code minRate} on average over every
 * {@code minRateWindow}; {@code stall}: a row whose progress has not moved this long is given up (a portal that
 * died mid-import); {@code check}: how often the running imports are looked at; {@code reserveGib}
 * ({@code VIREO_IMPORT_RESERVE_GIB}): the free space an import leaves; {@code allow} ({@code VIREO_IMPORT_ALLOW}):
 * CIDRs a URL may reach besides public addresses.
 */
@ConfigurationProperties(prefix = "vireo.templates.import")
public record ImportLimits(
        Duration timeout,
        DataSize minRate,
        Duration minRateWindow,
        Duration stall,
        Duration check,
        long reserveGib,
        List<String> allow) {
    public ImportLimits {
        positive("VIREO_IMPORT_TIMEOUT", timeout);
        positive("vireo.templates.import.min-rate-window", minRateWindow);
        positive("vireo.templates.import.stall", stall);
        positive("vireo.templates.import.check", check);
        if (minRate == null || minRate.toBytes() < 0) {
            throw new IllegalArgumentException("vireo.templates.import.min-rate must be 0 or more, was " + minRate);
        }
        if (reserveGib < 0) {
            throw new IllegalArgumentException("VIREO_IMPORT_RESERVE_GIB must be 0 or more, was " + reserveGib);
        }
        allow = allow == null
                ? List.of()
                : allow.stream().filter(a -> !a.isBlank()).toList();
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration (such as PT6H), was " + value);
        }
    }
}
