package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A tenant resizes a stopped machine in the browser: refused over its quota (nothing changes), accepted under it. */
class ResizeTest extends BrowserTest {

    @Test
    void resizeIsRefusedOverQuotaAndAcceptedUnderIt() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant =
                Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"resize-" + suffix + "\"}", 201), "id");
        admin.put(
                "/api/v1/admin/tenants/" + tenant + "/quota",
                "{\"vcpus\":2,\"memoryMiB\":1024,\"diskGiB\":4,\"machines\":2}");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"resize-" + suffix + "\",\"password\":\"resize-password-1\",\"role\":\"TENANT_ADMIN\"}",
                201);
        var user = new Api(server.baseUrl, "resize-" + suffix, "resize-password-1");
        String machine = user.createDemoMachine("small", false);
        try {
            open("en-US");
            loginEnglish("resize-" + suffix, "resize-password-1");
            navigate("/machines/" + machine);
            assertThat(page.locator("#fact-vcpus")).hasText("1");

            page.locator("#resize-machine").click();
            page.locator("#resize-vcpus input").fill("3");
            page.locator("#resize-save").click();
            assertThat(page.locator("#resize-error")).containsText("would be exceeded");
            page.locator("#resize-vcpus input").fill("2");
            page.locator("#resize-memory input").fill("256");
            page.locator("#resize-disk input").fill("2");
            page.locator("#resize-save").click();
            assertThat(page.locator("#fact-vcpus")).hasText("2");
            assertThat(page.locator("#fact-memory")).containsText("256");
            assertThat(page.locator("#fact-disk")).containsText("2");
            assertThat(user.get("/api/v1/machines/" + machine))
                    .contains("\"vcpus\":2", "\"memoryMiB\":256", "\"diskGiB\":2");
            assertThat(PortalCrashTest.virshLines("dumpxml", "vireo-" + machine))
                    .anyMatch(l -> l.matches(".*>2</vcpu>"));
        } finally {
            user.delete("/api/v1/machines/" + machine);
        }
    }
}
