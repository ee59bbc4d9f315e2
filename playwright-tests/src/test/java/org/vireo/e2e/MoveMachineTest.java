package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An operator moves a running machine to another host from its page, in German: the page names its host, the dialog
 * offers the other hosts, the move starts in the background and the page shows the new host once it is there. Two
 * lab hosts on their fabric; the demo guest keeps running. Then lab B is drained from *All hosts* and the machine
 * goes back to lab A, the page showing the drain's progress, while its serial console, open in another tab, says it
 * moved and connects again through lab A's console proxy.
 */
class MoveMachineTest extends BrowserTest {
    private static final LabHost LAB_A = new LabHost("mvua");
    private static final LabHost LAB_B = new LabHost("mvub");

    /** The key the portal shares with the labs' console proxies (base64 of 32 bytes). */
    private static final String CONSOLE_SECRET = "bW92ZS10ZXN0LWNvbnNvbGUtc2VjcmV0LTMyLWJ5dGU=";

    @Override
    protected VireoServer startServer() {
        try {
            // the labs' console proxies accept the portal's page as origin: its port is chosen first
            int port = VireoServer.freePort();
            var proxyEnv =
                    Map.of("VIREO_CONSOLE_SECRET", CONSOLE_SECRET, "VIREO_CONSOLE_ORIGINS", "http://localhost:" + port);
            for (var lab : java.util.List.of(LAB_A, LAB_B)) {
                lab.with(proxyEnv).stop();
                lab.start();
            }
            String proxies = LAB_A.run("console-url").strip() + ","
                    + LAB_B.run("console-url").strip();
            return VireoServer.start(
                    "move",
                    Files.createTempDirectory("vireo-move"),
                    Map.of("VIREO_CONSOLE_SECRET", CONSOLE_SECRET, "VIREO_CONSOLE_PROXIES", proxies),
                    port);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopAll() throws Exception {
        if (server != null) {
            server.kill();
        }
        LAB_A.stop();
        LAB_B.stop();
    }

    @Test
    void anOperatorMovesARunningMachineToAnotherHostFromItsPage() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        var local = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"local\"")
                .matcher(admin.get("/api/v1/admin/hosts"));
        assertThat(local.find()).isTrue();
        admin.post("/api/v1/admin/hosts/" + local.group(1) + "/maintenance", "{\"maintenance\":true}", 200);
        String a = register(admin, "lab-a", LAB_A);
        String b = register(admin, "lab-b", LAB_B);
        admin.post("/api/v1/admin/hosts/" + b + "/maintenance", "{\"maintenance\":true}", 200);
        String machine = demo.createDemoMachine("wanderer", true);
        try {
            assertThat(Api.field(admin.get("/api/v1/machines/" + machine), "hostId"))
                    .isEqualTo(a);
            admin.post("/api/v1/admin/hosts/" + b + "/maintenance", "{\"maintenance\":false}", 200);

            open("de-DE");
            login("admin", VireoServer.ADMIN_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            navigate("/machines/" + machine);
            assertThat(page.locator("#fact-host")).hasText("lab-a");
            page.locator("#migrate-machine").click();
            page.locator("#migrate-host").click();
            var items = page.locator("vaadin-select-item");
            // the other hosts are offered, not the one it is on
            assertThat(items.filter(new Locator.FilterOptions().setHasText("local")))
                    .hasCount(1);
            assertThat(items.filter(new Locator.FilterOptions().setHasText("lab-a")))
                    .hasCount(0);
            items.filter(new Locator.FilterOptions().setHasText("lab-b")).click();
            page.locator("#migrate-start").click();
            assertThat(successNotice()).containsText("zieht um");
            assertThat(page.locator("#fact-host"))
                    .hasText("lab-b", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
            // the move ends once the host it left is cleaned up (its state detail, left out when none, then goes)
            long deadline = System.currentTimeMillis() + 60_000;
            while (admin.get("/api/v1/machines/" + machine).contains("\"stateDetail\"")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            String moved = admin.get("/api/v1/machines/" + machine);
            assertThat(moved).doesNotContain("\"stateDetail\"");
            assertThat(Api.field(moved, "hostId")).isEqualTo(b);
            assertThat(Api.field(moved, "state")).isEqualTo("RUNNING");
            assertThat(LAB_B.exec("virsh", "-q", "domstate", "vireo-" + machine))
                    .contains("running");
            assertThat(LAB_A.exec("virsh", "-q", "list", "--all", "--name")).doesNotContain(machine);

            // its serial console open in one tab (through lab B's proxy), lab B drained from All hosts in another:
            // the machine goes back to lab A (the portal's own host is in maintenance), the drain's progress shows,
            // and the console says the machine moved and connects again, now through lab A's proxy
            var console = page;
            navigate("/machines/" + machine + "/console?serial");
            assertThat(console.locator("#console-status"))
                    .hasAttribute(
                            "data-state", "connected", new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
            page = anotherPage();
            navigate("/admin/hosts");
            var drains = page.locator("vaadin-button.host-drain");
            assertThat(drains).hasCount(3); // hosts oldest first: local, lab-a, lab-b
            drains.nth(2).click();
            assertThat(successNotice()).containsText("lab-b ist in Wartung");
            assertThat(page.locator(".host-drain-state"))
                    .hasText("Geräumt: 1 von 1 umgezogen", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
            assertThat(Api.field(admin.get("/api/v1/machines/" + machine), "hostId"))
                    .isEqualTo(a);
            assertThat(LAB_A.exec("virsh", "-q", "domstate", "vireo-" + machine))
                    .contains("running");
            assertThat(console.locator("vaadin-notification-card[theme~='success']")
                            .last())
                    .containsText("auf einen anderen Host umgezogen");
            assertThat(console.locator("#console-status"))
                    .hasAttribute(
                            "data-state", "connected", new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        } finally {
            // the move may still be cleaning up the host it left (409 busy) for a moment
            long until = System.currentTimeMillis() + 30_000;
            while (demo.call("DELETE", "/api/v1/machines/" + machine) == 409 && System.currentTimeMillis() < until) {
                Thread.sleep(250);
            }
        }
    }

    private static String register(Api admin, String name, LabHost lab) throws Exception {
        String uri = lab.run("uri").strip();
        String fabric = lab.run("migration-address").strip();
        String console = lab.run("console-url").strip();
        return Api.field(
                admin.post(
                        "/api/v1/admin/hosts",
                        "{\"name\":\"" + name + "\",\"uri\":\"" + uri
                                + "\",\"accelerator\":\"tcg\",\"networkMode\":\"none\",\"dns\":\"none\","
                                + "\"migrationAddress\":\""
                                + fabric + "\",\"consoleUrl\":\"" + console + "\"}",
                        201),
                "id");
    }
}
