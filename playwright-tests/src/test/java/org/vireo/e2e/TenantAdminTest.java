package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An operator creates a tenant, sets its quota and adds a user; the user sees the quota bars, is stopped with a
 * clear message when a create would exceed them, and finds another tenant's machine "not found".
 */
class TenantAdminTest extends BrowserTest {

    @Test
    void adminSetsUpATenantWhoseUserIsHeldToItsQuotaAndIsolated() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant = "acme-" + suffix;
        String user = "alice-" + suffix;

        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/admin/tenants");
        page.locator("#tenant-name input").fill(tenant);
        // people read a display name with any characters; the slug stays for addresses and logs
        String shown = "Müller GmbH & Co. KG " + suffix;
        page.locator("#tenant-display-name input").fill(shown);
        page.locator("#create-tenant").click();
        assertThat(page.locator("#tenants-grid")).containsText(tenant);
        assertThat(page.locator("#tenants-grid")).containsText(shown);
        navigate("/audit"); // the audit log names the tenant as people read it
        assertThat(page.locator("vaadin-grid").first()).containsText(shown);
        navigate("/admin/tenants");
        page.locator("#quota-" + tenant).click();
        page.locator("#quota-vcpus input").fill("2");
        page.locator("#quota-machines input").fill("1");
        page.locator("#quota-traffic input").fill("100"); // GiB of public traffic a month
        page.locator("#save-quota").click();
        assertThat(page.locator("#tenants-grid")).containsText("0/1 machines, 0/2 vCPUs");
        page.locator("#add-user-" + tenant).click();
        page.locator("#new-username input").fill(user);
        page.locator("#new-password input").fill("alice-password-1");
        page.locator("#save-user").click();
        assertThat(page.locator("#new-username")).hasCount(0);

        // Another tenant's machine, made through the API.
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String templateId = Api.field(demo.get("/api/v1/templates"), "id");
        String foreign = Api.field(
                demo.post(
                        "/api/v1/machines",
                        "{\"name\":\"foreign-" + suffix + "\",\"templateId\":\"" + templateId + "\",\"start\":false}",
                        201),
                "id");
        try {
            // A limit below what a tenant has now: allowed, and the dialog says what it means.
            navigate("/admin/tenants");
            page.locator("#quota-demo").click();
            assertThat(page.locator("#quota-below-use")).isHidden();
            page.locator("#quota-machines input").fill("0");
            page.locator("#quota-vcpus input").click(); // the value is taken when the field is left
            assertThat(page.locator("#quota-below-use")).containsText("nothing is stopped or deleted");
            assertThat(page.locator("#quota-below-use")).containsText("machine: ");
            page.keyboard().press("Escape");

            open("en-US");
            loginEnglish(user, "alice-password-1");
            assertThat(page.locator("#dash-traffic-allowance"))
                    .containsText("0 B of 100 GiB included public traffic used (0 %)");
            assertThat(page.locator("#dash-traffic-notice")).isHidden();
            navigate("/machines");
            assertThat(page.locator("#quota-vcpus")).containsText("vCPU: 0 used, 0 reserved, limit 2");
            assertThat(page.locator("#quota-machines")).containsText("limit 1");
            assertThat(page.locator("#machines-grid")).not().containsText("foreign-" + suffix);

            page.locator("#create-machine").click();
            page.locator("#machine-name input").fill("too-big");
            page.locator("#machine-vcpus input").fill("3");
            assertThat(page.locator("#quota-preview")).containsText("This would exceed your vCPU limit.");
            page.locator("#create-machine-submit").click();
            assertThat(page.locator("#create-error"))
                    .containsText("The vCPU limit of 2 would be exceeded (0 in use, 3 requested).");
            page.keyboard().press("Escape");

            // Routes with another tenant's id, and operator routes: nothing to see.
            navigate("/machines/" + foreign);
            assertThat(page.locator("#machine-not-found")).isVisible();
            assertThat(page.locator("#machine-title")).hasCount(0);
            navigate("/machines/" + foreign + "/console");
            assertThat(page.locator("#machine-not-found")).isVisible();
            assertThat(page.locator("#console-screen")).hasCount(0);
            navigate("/admin/tenants");
            assertThat(page.locator("#tenants-view")).hasCount(0);
            navigate("/admin/host");
            assertThat(page.locator("#host-view")).hasCount(0);
        } finally {
            demo.delete("/api/v1/machines/" + foreign);
        }
    }
}
