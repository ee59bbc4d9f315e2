package org.vireo.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.vireo.base.InvalidInputException;

/**
 * Where webhooks may go: loopback, private, link-local and other non-public addresses are refused at registration
 * and again when a delivery connects (a receiver on loopback gets nothing), unless the operator allows them.
 */
class WebhookAddressesTest {
    private static final WebhookSettings STRICT =
            new WebhookSettings(false, List.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));

    private static void refused(String url, String key) {
        assertThatThrownBy(() -> new WebhookAddresses(false).check(url))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.messageKey()).isEqualTo(key));
    }

    @Test
    void nonPublicAddressesAndOtherSchemesAreRefusedUnlessAllowed() {
        refused("http://127.0.0.1:8080/hook", "webhooks.url-refused");
        refused("http://localhost/hook", "webhooks.url-refused");
        refused("http://[::1]/hook", "webhooks.url-refused");
        refused("http://169.254.169.254/latest/meta-data", "webhooks.url-refused");
        refused("https://10.1.2.3/hook", "webhooks.url-refused");
        refused("https://192.168.1.1/hook", "webhooks.url-refused");
        refused("http://0.0.0.0/hook", "webhooks.url-refused");
        refused("http://224.0.0.1/hook", "webhooks.url-refused");
        refused("http://[fd00::1]/hook", "webhooks.url-refused");
        refused("ftp://192.0.2.10/hook", "webhooks.url-invalid");
        refused("https://user:pw@192.0.2.10/hook", "webhooks.url-invalid");
        refused("hook", "webhooks.url-invalid");
        refused("https://192.0.2.10/" + "x".repeat(2000), "webhooks.url-invalid");
        refused(" ", "validation.required");
        assertThat(new WebhookAddresses(false).check(" https://192.0.2.10/hook "))
                .isEqualTo("https://192.0.2.10/hook");
        assertThat(new WebhookAddresses(true).check("http://127.0.0.1:8080/hook"))
                .isEqualTo("http://127.0.0.1:8080/hook");
    }

    @Test
    void aDeliveryToLoopbackIsRefusedWhenConnectingUnlessAllowed() throws Exception {
        var received = new CopyOnWriteArrayList<Map<String, List<String>>>();
        var bodies = new CopyOnWriteArrayList<String>();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getResponseHeaders().add("Location", "http://192.0.2.10/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        try (var strict = new WebhookSender(new WebhookAddresses(false), STRICT);
                var lenient = new WebhookSender(new WebhookAddresses(true), STRICT)) {
            var outcome = strict.send(url, secret, "msg_1", "{\"type\":\"quota.changed\"}");
            assertThat(outcome.status()).isNull();
            assertThat(outcome.error()).startsWith("refused: ").contains("127.0.0.1");
            assertThat(received).isEmpty();

            // allowed: sent, signed so that the reference library verifies it; the redirect is not followed
            var sent = lenient.send(url, secret, "msg_2", "{\"type\":\"quota.changed\"}");
            assertThat(sent.status()).isEqualTo(302);
            assertThat(sent.delivered()).isFalse();
            assertThat(received).hasSize(1);
            new Webhook(secret).verify(bodies.get(0), received.get(0));
        } finally {
            server.stop(0);
        }
    }
}
