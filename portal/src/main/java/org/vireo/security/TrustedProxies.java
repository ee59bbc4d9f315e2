package org.vireo.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Which peers may tell Vireo who the client is ({@code X-Forwarded-For}, {@code X-Forwarded-Proto}): only the
 * reverse proxies an operator lists in {@code VIREO_TRUSTED_PROXIES} (comma-separated IP addresses), none by
 * default. Tomcat on its own trusts every private and loopback peer, so anyone on the same network could name
 * another address for each login attempt and never be throttled (and be audited under a forged address).
 */
@Component
@EnableConfigurationProperties(EdgeSettings.Proxies.class)
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
    private final List<String> addresses;

    TrustedProxies(EdgeSettings.Proxies settings) {
        this.addresses =
                settings.trustedProxies().stream().map(TrustedProxies::check).toList();
    }

    /** An IP address literal (no host names: they would be looked up for every request), in Tomcat's spelling. */
    static String check(String address) {
        if (!address.matches("^[0-9a-fA-F:.]{2,45}$")) {
            throw new IllegalArgumentException("VIREO_TRUSTED_PROXIES: not an IP address: " + address);
        }
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("VIREO_TRUSTED_PROXIES: not an IP address: " + address, e);
        }
    }

    /** A regular expression matching exactly the listed addresses; null (nobody) when none is listed. */
    static String pattern(List<String> addresses) {
        return addresses.isEmpty()
                ? null
                : addresses.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(?:", ")$"));
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        String pattern = pattern(addresses);
        for (var valve : factory.getEngineValves()) {
            if (valve instanceof RemoteIpValve remoteIp) {
                remoteIp.setInternalProxies(pattern);
                remoteIp.setTrustedProxies(null);
            }
        }
    }

    /** After Spring Boot's own customizer, which adds the valve with Tomcat's defaults. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "trusted proxies " + Arrays.toString(addresses.toArray());
    }
}
