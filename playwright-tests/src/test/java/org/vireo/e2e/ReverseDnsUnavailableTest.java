package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A German tenant sets the reverse DNS name of a machine's public address while the DNS server (PowerDNS) does not
 * answer: the dialog says so in German, in words a customer understands, and nothing is stored. The portal of this
 * test is configured with a PowerDNS API on a loopback port where nothing listens; its machine never starts (the
 * pool is TEST-NET-1, nothing is sent to it).
 */
class ReverseDnsUnavailableTest extends BrowserTest {

    @Override
    protected VireoServer startServer() {
        try {
            return VireoServer.start(
                    "ptr",
                    Files.createTempDirectory("vireo-ptr"),
                    Map.of("VIREO_PDNS_URL", "http://127.0.0.1:9", "VIREO_PDNS_KEY", "e2e-key"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void aPtrThatCannotBePublishedIsRefusedInGermanAndNotStored() {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        var local = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"local\"")
                .matcher(admin.get("/api/v1/admin/hosts"));
        assertThat(local.find()).isTrue();
        admin.post(
                "/api/v1/admin/ip-pools",
                "{\"name\":\"ptr-pool\",\"hostId\":\"" + local.group(1)
                        + "\",\"cidr\":\"192.0.2.0/28\",\"gateway\":\"192.0.2.1\",\"bridge\":\"br-ptr0\","
                        + "\"reserved\":[]}",
                201);
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String machine =
                demo.createDemoMachine("ptr-" + UUID.randomUUID().toString().substring(0, 6), false);
        try {
            String address = Api.field(demo.post("/api/v1/machines/" + machine + "/ips", "", 201), "address");
            open("de-DE");
            login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            navigate("/machines/" + machine);
            page.locator(".edit-ptr").first().click();
            page.locator("#ip-ptr input").fill("server.example.com");
            page.locator("#ptr-save").click();
            assertThat(page.locator("#ptr-error"))
                    .containsText("Der Reverse-DNS-Eintrag kann gerade nicht veröffentlicht werden");
            assertThat(page.locator("#ptr-error")).not().containsText("127.0.0.1");
            assertThat(demo.get("/api/v1/machines/" + machine + "/ips"))
                    .contains(address)
                    .doesNotContain("server.example.com");
        } finally {
            demo.delete("/api/v1/machines/" + machine);
        }
    }
}
