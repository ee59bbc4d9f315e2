package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant edits a machine's firewall on its page, in German: it starts with the operator's default (SSH), a bad
 * port is refused and changes nothing, the web preset and a rule moved up are saved, in order, and the API reads
 * them back.
 */
class FirewallTest extends BrowserTest {

    @Test
    void aTenantEditsTheFirewallABadPortChangesNothingAndTheSavedRulesAreTheMachines() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant = Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"fw-" + suffix + "\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"fw-" + suffix + "\",\"password\":\"fw-password-1\",\"role\":\"TENANT_ADMIN\"}",
                201);
        var user = new Api(server.baseUrl, "fw-" + suffix, "fw-password-1");
        String machine = user.createDemoMachine("walled", false);
        try {
            open("de-DE");
            login("fw-" + suffix, "fw-password-1", "Benutzername", "Passwort", "Anmelden");
            navigate("/machines/" + machine);
            assertThat(page.locator("#firewall-panel h3")).hasText("Firewall");
            assertThat(page.locator("#firewall-rules")).containsText("tcp");
            assertThat(page.locator("#firewall-rules")).containsText("22");

            page.locator("#firewall-ports input").fill("70000");
            page.locator("#firewall-add").click();
            page.locator("#firewall-save").click();
            assertThat(page.locator("#firewall-error")).not().isEmpty();
            assertThat(user.get("/api/v1/machines/" + machine + "/firewall")).doesNotContain("70000");

            page.locator("#firewall-rules .firewall-remove").last().click();
            page.locator("#firewall-preset-web").click();
            page.locator("#firewall-rules .firewall-up").last().click(); // 443 before 80
            page.locator("#firewall-save").click();
            assertThat(successNotice()).containsText("Firewall-Regeln angewendet");
            String saved = user.get("/api/v1/machines/" + machine + "/firewall");
            assertThat(saved).contains("\"ports\":\"22\"", "\"ports\":\"443\"", "\"ports\":\"80\"");
            assertThat(saved.indexOf("\"443\"")).isLessThan(saved.indexOf("\"80\""));
        } finally {
            user.delete("/api/v1/machines/" + machine);
        }
    }
}
