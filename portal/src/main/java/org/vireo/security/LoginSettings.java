package org.vireo.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.security.login.*}: failed sign-ins tolerated per user and address and per address within
 * {@code window} before further attempts are refused until the window has passed; whether every user must sign in
 * with a second factor ({@code VIREO_REQUIRE_TWO_FACTOR}).
 */
@ConfigurationProperties(prefix = "vireo.security.login")
public record LoginSettings(int maxFailuresPerUser, int maxFailuresPerIp, Duration window, boolean requireTwoFactor) {
    public LoginSettings {
        Settings.range("vireo.security.login.max-failures-per-user", maxFailuresPerUser, 1, 1000);
        Settings.range("vireo.security.login.max-failures-per-ip", maxFailuresPerIp, 1, 100_000);
        Settings.positive("vireo.security.login.window", window);
    }
}
