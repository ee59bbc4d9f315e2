package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboards as operator and as tenant, in English and German: what they show is checked against the API and
 * the host, and each is saved as a screenshot (target/screenshots; the ones in docs/screenshots come from here).
 */
class DashboardTest extends BrowserTest {
    static final Path SHOTS = Path.of(System.getProperty("vireo.screenshots", "target/screenshots"));

    @Test
    void operatorAndTenantDashboardsInBothLanguages() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String machine = demo.createDemoMachine("web-" + suffix, true);
        // A tenant whose limit was lowered below what it uses.
        String tight = Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"tight-" + suffix + "\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tight + "/users",
                "{\"username\":\"tight-" + suffix + "\",\"password\":\"tight-password-1\",\"role\":\"TENANT_ADMIN\"}",
                201);
        var tightUser = new Api(server.baseUrl, "tight-" + suffix, "tight-password-1");
        String tightMachine = Api.field(
                tightUser.post(
                        "/api/v1/machines",
                        "{\"name\":\"db\",\"templateId\":\""
                                + PortalCrashTest.templateId(tightUser)
                                + "\",\"vcpus\":2,\"memoryMiB\":128,\"diskGiB\":1,"
                                + "\"start\":false}",
                        201),
                "id");
        admin.put(
                "/api/v1/admin/tenants/" + tight + "/quota",
                "{\"vcpus\":1,\"memoryMiB\":1024,\"diskGiB\":10,\"machines\":2}");
        try {
            // a few usage samples for the sparkline (the test portal samples every 2 s)
            long deadline = System.currentTimeMillis() + 30_000;
            while (!demo.get("/api/v1/machines/" + machine + "/usage").contains("cpuPercent")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(4_000);
            int cpus = Runtime.getRuntime().availableProcessors();

            open("en-US");
            loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
            navigate("/");
            assertThat(page.locator("#dash-cpu-value")).hasText(Integer.toString(cpus));
            assertThat(page.locator("#dash-cpu")).containsText("overcommit");
            assertThat(page.locator("#dash-pool")).containsText("free in storage pool vireo");
            assertThat(page.locator("#dash-accelerator-value")).hasText(Pattern.compile("KVM|TCG"));
            assertThat(page.locator("#dash-state-RUNNING-value")).hasText(Pattern.compile("[1-9][0-9]*"));
            assertThat(page.locator("#dash-over-quota")).containsText("tight-" + suffix);
            assertThat(page.locator("#dash-over-quota")).containsText("vCPU: 2 of 1");
            assertThat(page.locator("#dash-events")).containsText("Quota changed");
            shot("dashboard-operator-en.png");

            open("de-DE");
            login("admin", VireoServer.ADMIN_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            navigate("/");
            assertThat(page.locator("#dash-cpu")).containsText("Überbuchung");
            assertThat(page.locator("#dash-over-quota")).containsText("vCPUs: 2 von 1");
            shot("dashboard-operator-de.png");

            open("en-US");
            loginEnglish("demo", VireoServer.DEMO_PASSWORD);
            navigate("/");
            assertThat(page.locator("#quota-bars")).containsText("vCPU");
            assertThat(page.locator("#dash-machines")).containsText("web-" + suffix);
            assertThat(page.locator("#dash-machines svg").first())
                    .hasAttribute("data-samples", Pattern.compile("[1-9][0-9]*"));
            assertThat(page.locator("#dash-events")).containsText("Machine created"); // in words, not a code
            assertThat(page.locator("#dash-events")).not().containsText("machine.create");
            assertThat(page.locator("#dash-over-quota")).hasCount(0); // operators only
            assertThat(page.locator("#dash-host")).hasCount(0);
            shot("dashboard-tenant-en.png");

            open("de-DE");
            login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            navigate("/");
            assertThat(page.locator("#dash-machines")).containsText("web-" + suffix);
            assertThat(page.getByText("Ihr Kontingent")).isVisible();
            shot("dashboard-tenant-de.png");

            // the usage graphs of the machine, for the docs too
            navigate("/machines/" + machine);
            assertThat(page.locator("#usage-cpu svg")).isVisible();
            shot("machine-usage-de.png");
        } finally {
            demo.delete("/api/v1/machines/" + machine);
            tightUser.delete("/api/v1/machines/" + tightMachine);
        }
    }

    private void shot(String name) {
        page.setViewportSize(1280, 1500); // the app layout scrolls inside; a tall window shows it all
        waitForVaadin();
        page.screenshot(
                new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)).setFullPage(true));
        assertThat(SHOTS.resolve(name)).exists();
    }
}
