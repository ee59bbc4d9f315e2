package org.vireo.hosts;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.hosts.*}: how far placement fills a host ({@code VIREO_CPU_OVERCOMMIT} vCPUs per host CPU,
 * {@code VIREO_MEMORY_OVERCOMMIT} of its memory) and whether host URIs without transport security are accepted
 * ({@code VIREO_HOSTS_ALLOW_INSECURE}, labs only).
 */
@ConfigurationProperties(prefix = "vireo.hosts")
public record HostSettings(double cpuOvercommit, double memoryOvercommit, boolean allowInsecure) {
    public HostSettings {
        Settings.range("VIREO_CPU_OVERCOMMIT", cpuOvercommit, 0.1, 64);
        Settings.range("VIREO_MEMORY_OVERCOMMIT", memoryOvercommit, 0.1, 16);
    }

    /**
     * {@code vireo.console.proxies}: the standalone console proxies' URLs ({@code VIREO_CONSOLE_PROXIES}), the only
     * ones a host's console URL may name (the console module binds the same list for its own use).
     */
    @ConfigurationProperties(prefix = "vireo.console")
    public record ConsoleProxies(List<String> proxies) {
        public ConsoleProxies {
            proxies = Settings.listed(proxies);
        }
    }
}
