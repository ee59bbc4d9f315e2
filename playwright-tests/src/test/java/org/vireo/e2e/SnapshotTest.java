package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant takes a snapshot of its running demo machine in the browser and reverts to it: the machine runs again,
 * on a new disk overlay whose backing file is the volume the snapshot froze.
 */
class SnapshotTest extends BrowserTest {
    private static final LocatorAssertions.HasAttributeOptions SLOW =
            new LocatorAssertions.HasAttributeOptions().setTimeout(30_000);

    @Test
    void snapshotOfARunningMachineIsTakenAndReverted() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant = Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"snap-" + suffix + "\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"snap-" + suffix + "\",\"password\":\"snap-password-1\",\"role\":\"TENANT_ADMIN\"}",
                201);
        var user = new Api(server.baseUrl, "snap-" + suffix, "snap-password-1");
        String machine = user.createDemoMachine("web", true);
        String domain = "vireo-" + machine;
        try {
            open("en-US");
            loginEnglish("snap-" + suffix, "snap-password-1");
            navigate("/machines/" + machine);
            assertThat(page.locator("#fact-state")).hasAttribute("data-state", "RUNNING", SLOW);
            String diskBefore = disk(domain);

            page.locator("#take-snapshot").click();
            page.locator("#snapshot-name input").fill("before-update");
            page.locator("#snapshot-save").click();
            assertThat(page.locator("#snapshots")).containsText("before-update");
            assertThat(page.locator("#fact-state")).hasAttribute("data-state", "RUNNING");
            assertThat(PortalCrashTest.virshLines("domstate", domain)).contains("running");
            String overlay = disk(domain);
            assertThat(overlay).isNotEqualTo(diskBefore);
            assertThat(backing(overlay)).isEqualTo(diskBefore);
            assertThat(user.get("/api/v1/quota"))
                    .containsPattern("\"used\":\\{[^}]*\"diskGiB\":2,[^}]*\"snapshots\":1");

            page.locator("#snapshots .revert-snapshot").first().click();
            page.locator("#confirm-revert").click();
            assertThat(page.locator("#machine-events"))
                    .containsText("Snapshot restored", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(page.locator("#fact-state")).hasAttribute("data-state", "RUNNING", SLOW);
            assertThat(PortalCrashTest.virshLines("domstate", domain)).contains("running");
            String afterRevert = disk(domain);
            assertThat(afterRevert).isNotEqualTo(overlay);
            assertThat(backing(afterRevert)).isEqualTo(diskBefore);
            assertThat(user.get("/api/v1/machines/" + machine + "/snapshots")).contains("before-update");
            assertThat(user.get("/api/v1/machines/" + machine)).contains("\"state\":\"RUNNING\"");
        } finally {
            user.delete("/api/v1/machines/" + machine);
        }
    }

    private static String disk(String domain) throws Exception {
        return PortalCrashTest.virshLines("domblklist", domain).stream()
                .map(String::trim)
                .filter(l -> l.startsWith("vda "))
                .map(l -> l.substring(3).trim())
                .findFirst()
                .orElseThrow();
    }

    private static String backing(String image) throws Exception {
        var p = new ProcessBuilder("qemu-img", "info", "-U", image)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines()
                .filter(l -> l.startsWith("backing file: "))
                .map(l -> l.substring(14).trim())
                .map(l -> l.replaceAll(" \\(actual path: .*\\)$", ""))
                .findFirst()
                .orElse("");
    }
}
