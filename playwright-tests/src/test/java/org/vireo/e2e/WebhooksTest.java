package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The tenant admin's webhooks page against a receiver on loopback (allowed for this portal): registering shows the
 * secret once, an operator's quota change reaches the receiver signed, and the delivery log says it was delivered.
 */
class WebhooksTest extends BrowserTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @Override
    protected VireoServer startServer() {
        try {
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            receiver.createContext("/hook", exchange -> {
                String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(signature + " " + body);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            return VireoServer.start(
                    "webhooks",
                    Files.createTempDirectory("vireo-webhooks"),
                    Map.of("VIREO_WEBHOOKS_ALLOW_PRIVATE", "true"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.kill();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aTenantAdminRegistersAWebhookAndSeesItsDeliveries() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        navigate("/webhooks");
        // refused: not a web address
        page.locator("#webhook-url input").fill("gopher://127.0.0.1/x");
        page.locator("#webhook-events vaadin-checkbox")
                .filter(new Locator.FilterOptions().setHasText("Quota changed"))
                .click();
        page.locator("#register-webhook").click();
        assertThat(page.locator("#webhook-url")).hasAttribute("invalid", "");

        page.locator("#webhook-url input").fill(url);
        page.locator("#register-webhook").click();
        assertThat(page.locator("#webhook-secret")).isVisible();
        assertThat(page.locator("#webhook-secret input")).hasValue(Pattern.compile("^whsec_.+"));
        // not copied: the first click warns, the second closes
        page.locator("#webhook-secret-done").click();
        assertThat(page.locator("#webhook-secret-warning")).isVisible();
        page.locator("#webhook-secret-done").click();
        assertThat(page.locator("#webhook-secret")).not().isVisible();
        assertThat(page.locator("#webhooks-grid")).containsText(url);

        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String tenant = Api.field(admin.get("/api/v1/admin/tenants?name=demo"), "id");
        admin.put(
                "/api/v1/admin/tenants/" + tenant + "/quota",
                "{\"vcpus\":9,\"memoryMiB\":9000,\"diskGiB\":90,\"machines\":9}");
        long deadline = System.currentTimeMillis() + 20_000;
        while (received.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).startsWith("v1,").contains("\"type\":\"quota.changed\"");

        page.locator("#webhooks-grid vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(url))
                .first()
                .click();
        assertThat(page.locator("#webhook-deliveries")).containsText("Delivered");
    }
}
