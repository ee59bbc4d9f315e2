package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;

/** Operators add a public IPv4 pool to a host (a bad subnet is refused at its field, in German) and delete it. */
class IpPoolsTest extends BrowserTest {

    @Test
    void operatorAddsAPoolABadSubnetIsRefusedAtItsFieldAndDeletesIt() throws Exception {
        open("de-DE");
        login("admin", VireoServer.ADMIN_PASSWORD, "Benutzername", "Passwort", "Anmelden");
        navigate("/admin/ip-pools");
        assertThat(page.locator("h2")).containsText("Öffentliche IPv4-Pools");
        page.locator("#pool-name input").fill("ui-pool");
        page.locator("#pool-cidr input").fill("198.51.100.0/33");
        page.locator("#pool-gateway input").fill("198.51.100.1");
        page.locator("#pool-bridge input").fill("br-ui0");
        page.locator("#create-pool").click();
        assertThat(page.locator("#pool-cidr")).containsText("Präfix von 16 bis 30");
        assertThat(page.locator("#pool-cidr")).hasAttribute("invalid", "");
        assertThat(page.locator("#pools-grid")).not().containsText("ui-pool");

        page.locator("#pool-cidr input").fill("198.51.100.0/28");
        page.locator("#pool-reserved input").fill("198.51.100.2, 198.51.100.3");
        page.locator("#create-pool").click();
        assertThat(page.locator("#pools-grid")).containsText("ui-pool");
        assertThat(page.locator("#pools-grid")).containsText("198.51.100.0/28");
        assertThat(page.locator("#pools-grid")).containsText("0 (2 reserviert)");

        page.locator("#pools-grid .pool-delete").first().click();
        // (the grid keeps a removed row's cells in its DOM, hidden: the notice and the API say it is gone)
        assertThat(successNotice()).containsText("ui-pool gelöscht");
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        org.assertj.core.api.Assertions.assertThat(admin.get("/api/v1/admin/ip-pools"))
                .doesNotContain("ui-pool");
    }
}
