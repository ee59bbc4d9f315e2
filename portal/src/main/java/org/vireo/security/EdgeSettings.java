package org.vireo.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/** Who may speak for clients and scrape metrics. */
final class EdgeSettings {
    private EdgeSettings() {}

    /** {@code vireo.security.trusted-proxies}: {@code VIREO_TRUSTED_PROXIES}, checked by {@link TrustedProxies}. */
    @ConfigurationProperties(prefix = "vireo.security")
    record Proxies(List<String> trustedProxies) {
        Proxies {
            trustedProxies = Settings.listed(trustedProxies);
        }
    }

    /**
     * {@code vireo.metrics.token}: {@code VIREO_METRICS_TOKEN}, the bearer token a Prometheus server scrapes with
     * (empty: only operators' API tokens).
     */
    @ConfigurationProperties(prefix = "vireo.metrics")
    record Metrics(String token) {
        Metrics {
            token = token == null ? "" : token.strip();
            if (!token.isEmpty() && token.length() < 32) {
                throw new IllegalArgumentException("VIREO_METRICS_TOKEN must have at least 32 characters");
            }
        }

        /** Without the token. */
        @Override
        public String toString() {
            return "Metrics[token=" + (token.isEmpty() ? "(none)" : "(set)") + "]";
        }
    }
}
