package org.vireo.console;

import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.console.*}: the embedded console proxy ({@code VIREO_CONSOLE_EMBEDDED}, {@code _BIND}, {@code _PORT},
 * {@code _PUBLIC_URL}, {@code _ORIGINS}), the ticket key it shares with standalone proxies
 * ({@code VIREO_CONSOLE_SECRET}, base64; empty: a random key per start), those proxies' URLs
 * ({@code VIREO_CONSOLE_PROXIES}) and the open sessions allowed per user and per machine
 * ({@code VIREO_CONSOLE_MAX_PER_USER}, {@code VIREO_CONSOLE_MAX_PER_MACHINE}).
 */
@ConfigurationProperties(prefix = "vireo.console")
public record ConsoleSettings(
        boolean embedded,
        String bind,
        int port,
        String publicUrl,
        List<String> allowedOrigins,
        String secret,
        List<String> proxies,
        int maxPerUser,
        int maxPerMachine) {
    public ConsoleSettings {
        bind = bind == null ? "" : bind.strip();
        publicUrl = publicUrl == null ? "" : publicUrl.strip();
        secret = secret == null ? "" : secret.strip();
        allowedOrigins = Settings.listed(allowedOrigins);
        proxies = Settings.listed(proxies);
        Settings.range("VIREO_CONSOLE_PORT", port, 0, 65_535);
        Settings.range("VIREO_CONSOLE_MAX_PER_USER", maxPerUser, 1, 1000);
        Settings.range("VIREO_CONSOLE_MAX_PER_MACHINE", maxPerMachine, 1, 100);
        if (embedded && bind.isEmpty()) {
            throw new IllegalArgumentException("VIREO_CONSOLE_BIND must name an address to listen on");
        }
        if (!publicUrl.isEmpty() && !publicUrl.matches("(?i)wss?://[^\\s]+")) {
            throw new IllegalArgumentException("VIREO_CONSOLE_PUBLIC_URL must be a ws:// or wss:// URL");
        }
        if (!secret.isEmpty()) {
            try {
                Base64.getDecoder().decode(secret);
            } catch (IllegalArgumentException e) {
                // the value itself is a secret: never repeated in a message
                throw new IllegalArgumentException("VIREO_CONSOLE_SECRET must be base64 (" + e.getMessage() + ")");
            }
        }
    }

    /** Without the secret. */
    @Override
    public String toString() {
        return "ConsoleSettings[embedded=" + embedded + ", bind=" + bind + ", port=" + port + ", publicUrl=" + publicUrl
                + ", allowedOrigins=" + allowedOrigins + ", secret=" + (secret.isEmpty() ? "(random)" : "(set)")
                + ", proxies=" + proxies + ", maxPerUser=" + maxPerUser + ", maxPerMachine=" + maxPerMachine + "]";
    }
}
