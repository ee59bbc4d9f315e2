package org.vireo.mail;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.mail.*}: the SMTP server mails go through ({@code VIREO_SMTP_HOST}, empty: no mail), its port,
 * account and transport security ({@code none}, {@code starttls}, {@code tls}), the sender, and the address of the
 * portal that links in mails point to ({@code VIREO_PUBLIC_URL}).
 */
@ConfigurationProperties(prefix = "vireo.mail")
public record MailSettings(
        String host, int port, String username, String password, String security, String from, String publicUrl) {
    public MailSettings {
        host = host == null ? "" : host.strip();
        Settings.range("VIREO_SMTP_PORT", port, 1, 65535);
        security = security == null || security.isBlank()
                ? "starttls"
                : security.strip().toLowerCase();
        if (!security.matches("none|starttls|tls")) {
            throw new IllegalArgumentException("VIREO_SMTP_SECURITY must be none, starttls or tls, was " + security);
        }
        publicUrl = publicUrl == null ? "" : publicUrl.strip().replaceAll("/+$", "");
        if (!publicUrl.matches("https?://[^/\\s]+(/\\S*)?")) {
            throw new IllegalArgumentException(
                    "VIREO_PUBLIC_URL must be the portal's http(s) address, was '" + publicUrl + "'");
        }
        URI.create(publicUrl);
        if (!host.isEmpty() && (from == null || !from.contains("@"))) {
            throw new IllegalArgumentException("VIREO_SMTP_FROM must be an e-mail address when VIREO_SMTP_HOST is set");
        }
    }

    public boolean enabled() {
        return !host.isEmpty();
    }

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password == null || password.isEmpty() ? "" : "(set)") + ", security=" + security + ", from="
                + from + ", publicUrl=" + publicUrl + "]";
    }
}
