package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A tenant in German backs up its running demo machine from the machine's page and adds a daily schedule, after an
 * operator set the host's backup directory on All hosts (before, the page says backups are not available).
 */
class BackupsTest extends BrowserTest {
    private static final LocatorAssertions.ContainsTextOptions SLOW =
            new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

    @Test
    void aRunningMachineIsBackedUpAndGetsASchedule() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant = Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"bk-" + suffix + "\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"bk-" + suffix + "\",\"password\":\"bk-password-12\",\"role\":\"TENANT_ADMIN\"}",
                201);
        var user = new Api(server.baseUrl, "bk-" + suffix, "bk-password-12");
        var m = Pattern.compile("\"id\":\"([^\"]+)\",\"name\":\"local\"").matcher(admin.get("/api/v1/admin/hosts"));
        assertThat(m.find()).isTrue();
        String local = m.group(1);
        Path dir = Path.of("/var/tmp/vireo-e2e-backups-" + suffix);
        String machine = user.createDemoMachine("web", true);
        try {
            open("de-DE");
            login("bk-" + suffix, "bk-password-12", "Benutzername", "Passwort", "Anmelden");
            navigate("/machines/" + machine);
            assertThat(page.locator("#backups-panel")).containsText("Backups");
            assertThat(page.locator("#take-backup")).isDisabled();
            assertThat(page.locator("#take-backup"))
                    .hasAttribute("aria-description", Pattern.compile("keine Backups verfügbar"));

            // the operator sets the host's backup directory on All hosts
            open("en-US");
            loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
            navigate("/admin/hosts");
            page.locator(".host-backup-dir[data-host='local']").click();
            page.locator("#backup-dir input").fill("relative");
            page.locator("#backup-dir-save").click();
            assertThat(page.locator("#backup-dir")).hasAttribute("invalid", "");
            page.locator("#backup-dir input").fill(dir.toString());
            page.locator("#backup-dir-save").click();
            assertThat(page.locator("#hosts-grid")).containsText(dir.toString());
            assertThat(admin.get("/api/v1/admin/hosts")).contains("\"backupDir\":\"" + dir + "\"");

            open("de-DE");
            login("bk-" + suffix, "bk-password-12", "Benutzername", "Passwort", "Anmelden");
            navigate("/machines/" + machine);
            page.locator("#take-backup").click();
            assertThat(successNotice()).containsText("wird geschrieben");
            assertThat(page.locator("#backups")).containsText("Vollständig geschrieben", SLOW);
            assertThat(page.locator("#backups")).containsText("Laufend, nicht eingefroren");

            page.locator("#add-backup-schedule").click();
            page.locator("#schedule-save").click();
            assertThat(page.locator("#backup-schedules")).containsText("Täglich um 03:00 (Europe/Berlin)");
            assertThat(user.get("/api/v1/machines/" + machine + "/backup-schedules"))
                    .contains("\"frequency\":\"daily\"")
                    .contains("\"retention\":7");
        } finally {
            user.delete("/api/v1/machines/" + machine);
            admin.post("/api/v1/admin/hosts/" + local + "/backup-dir", "{\"backupDir\":null}", 200);
            for (String pool : PortalCrashTest.virshLines("pool-list", "--all", "--name")) {
                if (!pool.isBlank()
                        && String.join("\n", PortalCrashTest.virshLines("pool-dumpxml", pool.strip()))
                                .contains("<path>" + dir + "</path>")) {
                    PortalCrashTest.virshLines("pool-destroy", pool.strip());
                    PortalCrashTest.virshLines("pool-undefine", pool.strip());
                }
            }
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    assertThat(files.toList())
                            .as("the machine's backups went with it")
                            .isEmpty();
                }
                Files.delete(dir);
            }
        }
    }
}
