package org.vireo.machines;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How a host is drained, {@code vireo.drain.*}: {@code parallel} ({@code VIREO_DRAIN_PARALLEL}) moves at a time. */
@ConfigurationProperties(prefix = "vireo.drain")
public record DrainSettings(int parallel) {
    public DrainSettings {
        if (parallel < 1 || parallel > 16) {
            throw new IllegalArgumentException("VIREO_DRAIN_PARALLEL must be 1 to 16, was " + parallel);
        }
    }
}
