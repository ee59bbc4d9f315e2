package org.vireo.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/** {@code vireo.api.*}: how long an API token lives when its issuer names no expiry, and at most. */
@ConfigurationProperties(prefix = "vireo.api")
public record ApiTokenSettings(Duration tokenLifetime, Duration tokenMaxLifetime) {
    public ApiTokenSettings {
        Settings.positive("vireo.api.token-lifetime", tokenLifetime);
        Settings.positive("vireo.api.token-max-lifetime", tokenMaxLifetime);
        if (tokenLifetime.compareTo(tokenMaxLifetime) > 0) {
            throw new IllegalArgumentException("vireo.api.token-lifetime (" + tokenLifetime
                    + ") must not be longer than vireo.api.token-max-lifetime (" + tokenMaxLifetime + ")");
        }
    }
}
