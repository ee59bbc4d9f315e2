package org.vireo.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Response headers of every chain besides Spring Security's defaults ({@code nosniff}, no caching of pages):
 * no framing, no referrer to other sites, HSTS for a year on HTTPS requests (behind a TLS proxy that sends
 * {@code X-Forwarded-Proto}), and no camera, microphone or location for the page.
 */
final class WebHeaders {
    private WebHeaders() {}

    static HttpSecurity common(HttpSecurity http) throws Exception {
        return http.headers(h -> h.frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                .httpStrictTransportSecurity(
                        hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .addHeaderWriter(new StaticHeadersWriter(
                        "Permissions-Policy", "camera=(), microphone=(), geolocation=(), usb=(), payment=()")));
    }
}
