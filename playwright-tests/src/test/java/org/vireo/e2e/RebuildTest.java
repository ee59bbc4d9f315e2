package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant protects its machine from deletion (rebuild is then not offered), lifts it, rebuilds the machine after
 * being asked (its snapshot goes) and renames it, all in the browser.
 */
class RebuildTest extends BrowserTest {

    @Test
    void protectRebuildAndRenameInTheBrowser() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant =
                Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"rebuild-" + suffix + "\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"rebuild-" + suffix
                        + "\",\"password\":\"rebuild-password-1\",\"role\":\"TENANT_ADMIN\"}",
                201);
        var user = new Api(server.baseUrl, "rebuild-" + suffix, "rebuild-password-1");
        String machine = user.createDemoMachine("old", false);
        user.post("/api/v1/machines/" + machine + "/snapshots", "{\"name\":\"keep-me\"}", 201);
        try {
            open("en-US");
            loginEnglish("rebuild-" + suffix, "rebuild-password-1");
            navigate("/machines/" + machine);
            assertThat(page.locator("#snapshots")).containsText("keep-me");

            page.locator("#delete-protection").click();
            assertThat(page.locator("vaadin-notification-card").last()).containsText("is now protected from deletion");
            assertThat(page.locator("#rebuild-machine")).isDisabled();
            // delete is not offered either, and says why where the pointer rests (its wrapper's title)
            assertThat(page.locator("#detail-delete")).isDisabled();
            assertThat(page.locator("[title='The machine is protected from deletion; clear the protection first.']"))
                    .not()
                    .hasCount(0);
            assertThat(user.get("/api/v1/machines/" + machine)).contains("\"deleteProtected\":true");
            navigate("/machines");
            assertThat(page.locator("#machines-grid vaadin-button[aria-label='Delete old']"))
                    .isDisabled();
            navigate("/machines/" + machine);
            page.locator("#delete-protection").click();
            assertThat(page.locator("vaadin-notification-card").last()).containsText("protection of old is off");
            assertThat(page.locator("#rebuild-machine")).isEnabled();
            assertThat(page.locator("#detail-delete")).isEnabled();

            page.locator("#rebuild-machine").click();
            assertThat(page.locator("vaadin-dialog-overlay")).containsText("all its snapshots are deleted");
            page.locator("#rebuild-confirm").click();
            assertThat(page.locator("#machine-events"))
                    .containsText("Machine rebuilt", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(page.locator("#snapshots")).not().containsText("keep-me");
            assertThat(user.get("/api/v1/machines/" + machine + "/snapshots")).isEqualTo("[]");

            page.locator("#rename-machine").click();
            page.locator("#rename-name input").fill("new-" + suffix);
            page.locator("#rename-save").click();
            assertThat(page.locator("#machine-title")).hasText("new-" + suffix);
            assertThat(user.get("/api/v1/machines/" + machine)).contains("\"name\":\"new-" + suffix + "\"");
        } finally {
            user.delete("/api/v1/machines/" + machine);
        }
    }
}
