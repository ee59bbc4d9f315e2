package org.vireo.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.vireo.base.Cidr;
import org.vireo.base.UnavailableException;

/**
 * Publishes the reverse DNS names (PTR records) of public addresses through PowerDNS's HTTP API when
 * {@code VIREO_PDNS_URL} is set: the record goes into the longest zone of the server that holds the address's
 * {@code in-addr.arpa} name (operators create the reverse zones of their pools). Without a URL the names are only
 * stored. The API key is sent in a header and never logged.
 */
@Component
@EnableConfigurationProperties(ReverseDns.PowerDns.class)
public class ReverseDns {
    private static final Logger log = LoggerFactory.getLogger(ReverseDns.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * {@code VIREO_PDNS_URL} (empty: off), {@code VIREO_PDNS_KEY}, {@code VIREO_PDNS_SERVER} (PowerDNS's server id).
     */
    @ConfigurationProperties(prefix = "vireo.dns.powerdns")
    public record PowerDns(String url, String key, String server) {
        public PowerDns {
            server = server == null || server.isBlank() ? "localhost" : server;
            if (url != null && !url.isBlank()) {
                var parsed = URI.create(url.strip());
                if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                    throw new IllegalArgumentException("VIREO_PDNS_URL must be an http(s) URL: " + url);
                }
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("VIREO_PDNS_URL is set, VIREO_PDNS_KEY is missing");
                }
            }
        }

        boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    /** PowerDNS did not take the change (not reachable, refused, no zone for the address). Nothing was changed. */
    public static class Unavailable extends UnavailableException {
        public Unavailable(String why) {
            super("dns-unavailable", "networks.ptr-unavailable");
            initCause(new IOException(why));
        }
    }

    private final PowerDns config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public ReverseDns(PowerDns config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The PTR record of {@code address} names {@code name} from now on ({@code null}: it goes). */
    public void publish(String address, String name) {
        if (!enabled()) {
            return;
        }
        String owner = ptrName(address);
        var zone = zoneOf(owner);
        var rrset = json.createObjectNode();
        rrset.put("name", owner);
        rrset.put("type", "PTR");
        if (name == null) {
            rrset.put("changetype", "DELETE");
        } else {
            rrset.put("changetype", "REPLACE");
            rrset.put("ttl", 3600);
            var record = rrset.putArray("records").addObject();
            record.put("content", name.endsWith(".") ? name : name + ".");
            record.put("disabled", false);
        }
        var body = json.createObjectNode();
        body.putArray("rrsets").add(rrset);
        var response = send("PATCH", "/zones/" + URLEncoder.encode(zone, StandardCharsets.UTF_8), body.toString());
        if (response.statusCode() != 204) {
            throw unavailable("PATCH of zone " + zone + " answered " + response.statusCode());
        }
        log.info("reverse DNS of {} {} in zone {}", address, name == null ? "removed" : "set to " + name, zone);
    }

    /** Like {@link #publish} with null, for an address given back: a failure is logged, not thrown. */
    public void removeQuietly(String address) {
        try {
            publish(address, null);
        } catch (RuntimeException e) {
            log.warn(
                    "reverse DNS of {} not removed: {}",
                    address,
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }

    /** {@code 10.2.0.192.in-addr.arpa.} for 192.0.2.10. */
    static String ptrName(String address) {
        String[] octets = Cidr.format(Cidr.address(address)).split("\\.");
        return octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa.";
    }

    /** The id of the server's longest zone that holds {@code owner}. */
    private String zoneOf(String owner) {
        var response = send("GET", "/zones", null);
        if (response.statusCode() != 200) {
            throw unavailable("zone list answered " + response.statusCode());
        }
        String best = null;
        String bestName = "";
        try {
            for (JsonNode zone : json.readTree(response.body())) {
                String name = zone.path("name").asText();
                if ((owner.equals(name) || owner.endsWith("." + name)) && name.length() > bestName.length()) {
                    bestName = name;
                    best = zone.path("id").asText(name);
                }
            }
        } catch (IOException e) {
            throw unavailable("zone list unreadable: " + e.getMessage());
        }
        if (best == null) {
            throw unavailable("no zone on the server holds " + owner);
        }
        return best;
    }

    private HttpResponse<String> send(String method, String path, String body) {
        String base = config.url().strip().replaceAll("/+$", "");
        var request = HttpRequest.newBuilder(URI.create(
                        base + "/api/v1/servers/" + URLEncoder.encode(config.server(), StandardCharsets.UTF_8) + path))
                .timeout(TIMEOUT)
                .header("X-API-Key", config.key())
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable(method + " " + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static Unavailable unavailable(String why) {
        log.warn("PowerDNS: {}", why);
        return new Unavailable(why);
    }
}
