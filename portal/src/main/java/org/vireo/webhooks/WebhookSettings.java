package org.vireo.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.webhooks.*}: whether webhooks may reach loopback, private, link-local and other non-public
 * addresses ({@code VIREO_WEBHOOKS_ALLOW_PRIVATE}, off), the waits before each retry of a failed delivery
 * ({@code VIREO_WEBHOOKS_RETRIES}; their number plus one is the number of attempts), the connect and read timeouts
 * of one attempt, and how often due retries are looked for.
 */
@ConfigurationProperties(prefix = "vireo.webhooks")
public record WebhookSettings(
        boolean allowPrivate, List<Duration> retries, Duration connectTimeout, Duration timeout, Duration poll) {
    public WebhookSettings {
        retries = retries == null ? List.of() : List.copyOf(retries);
        if (retries.size() > 20) {
            throw new IllegalArgumentException("VIREO_WEBHOOKS_RETRIES takes at most 20 waits, was " + retries.size());
        }
        retries.forEach(r -> Settings.positive("VIREO_WEBHOOKS_RETRIES", r));
        Settings.positive("vireo.webhooks.connect-timeout", connectTimeout);
        Settings.positive("vireo.webhooks.timeout", timeout);
        Settings.positive("vireo.webhooks.poll", poll);
    }

    /** Attempts a delivery gets in all: the first and one per retry. */
    public int attempts() {
        return retries.size() + 1;
    }
}
