package org.vireo.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vireo.traffic.*}: {@code throttleMbit} ({@code VIREO_TRAFFIC_THROTTLE_MBIT}, default 10), the rate of a
 * tenant's public interfaces in each direction once its monthly allowance is used up.
 */
@ConfigurationProperties(prefix = "vireo.traffic")
public record TrafficSettings(int throttleMbit) {
    public TrafficSettings {
        if (throttleMbit < 1 || throttleMbit > 100_000) {
            throw new IllegalArgumentException("VIREO_TRAFFIC_THROTTLE_MBIT must be 1 to 100000, was " + throttleMbit);
        }
    }

    /** The rate in libvirt's unit (kilobytes per second). */
    int kilobytesPerSecond() {
        return throttleMbit * 1000 / 8;
    }
}
