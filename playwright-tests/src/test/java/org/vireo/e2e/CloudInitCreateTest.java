package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * For a cloud-init template the create dialog offers the tenant's SSH keys, user-data and a generated password,
 * refuses bad YAML in place, and shows the password once after the create.
 */
class CloudInitCreateTest extends BrowserTest {
    static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q e2e@vireo";

    @Test
    void cloudInitCreateShowsTheGeneratedPasswordOnce() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Path dir = Files.createDirectories(Path.of("/var/lib/vireo/templates/test-images"));
        Path image = dir.resolve("e2e-ci-" + suffix + ".qcow2");
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1G")
                .inheritIO()
                .start()
                .waitFor();
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String templateName = "Zz cloud " + suffix;
        String templateId = Api.field(
                admin.post(
                        "/api/v1/admin/templates",
                        "{\"name\":\"" + templateName
                                + "\",\"imagePath\":\"" + image
                                + "\",\"cloudInit\":true,\"memoryMiB\":256,\"osName\":\"Test OS\","
                                + "\"defaultUser\":\"debian\"}",
                        201),
                "id");
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String keyId = Api.field(
                demo.post("/api/v1/ssh-keys", "{\"name\":\"e2e-" + suffix + "\",\"publicKey\":\"" + KEY + "\"}", 201),
                "id");
        String name = "ci-" + suffix;
        try {
            open("en-US");
            loginEnglish("demo", VireoServer.DEMO_PASSWORD);
            navigate("/machines");
            page.locator("#create-machine").click();
            // The busybox demo template uses no cloud-init: nothing of it is offered.
            assertThat(page.locator("#machine-password")).isHidden();
            page.locator("#machine-template").click();
            page.locator("vaadin-select-item")
                    .filter(new Locator.FilterOptions().setHasText(templateName))
                    .click();
            assertThat(page.locator("#machine-ssh-keys")).containsText("e2e-" + suffix);
            assertThat(page.locator("#machine-ssh-keys vaadin-checkbox[checked]")
                            .filter(new Locator.FilterOptions().setHasText("e2e-" + suffix)))
                    .hasCount(1);
            assertThat(page.locator("#machine-password")).containsText("Generate a password for user debian");
            page.locator("#machine-password input").check();
            page.locator("#machine-start input").uncheck();
            page.locator("#machine-name input").fill(name);
            page.locator("#machine-user-data textarea").fill("#cloud-config\n- not\n- a mapping\n");
            page.locator("#create-machine-submit").click();
            assertThat(page.locator("#machine-user-data")).containsText("must be a YAML mapping");
            page.locator("#machine-user-data textarea").fill("#cloud-config\npackages: [htop]\n");
            page.locator("#create-machine-submit").click();

            assertThat(page.locator("#initial-password input"))
                    .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(page.getByText("it is shown only this once")).isVisible();
            String password = page.locator("#initial-password input").inputValue();
            org.assertj.core.api.Assertions.assertThat(password).hasSize(16);
            // Closing without copying warns first that it will not be shown again; Esc does not close it.
            page.keyboard().press("Escape");
            assertThat(page.locator("#initial-password input")).isVisible();
            page.locator("#initial-password-done").click();
            assertThat(page.locator("#initial-password-warning")).containsText("cannot be shown again");
            assertThat(page.locator("#initial-password-done")).hasText("Close anyway");
            page.locator("#initial-password-done").click();
            assertThat(page.locator("#initial-password")).hasCount(0);
            // Nowhere else: not in the machine's API answer.
            org.assertj.core.api.Assertions.assertThat(demo.get("/api/v1/machines/" + machineId(demo, name)))
                    .doesNotContain(password)
                    .doesNotContain("initialPassword");
        } finally {
            PortalCrashTest.machines(demo).stream()
                    .filter(m -> m[1].equals(name))
                    .forEach(m -> demo.delete("/api/v1/machines/" + m[0]));
            demo.call("DELETE", "/api/v1/ssh-keys/" + keyId);
            for (int i = 0; i < 30; i++) {
                if (admin.call("DELETE", "/api/v1/admin/templates/" + templateId) == 204) {
                    break;
                }
                Thread.sleep(1000); // the machine's delete is still under way
            }
            Files.deleteIfExists(image);
        }
    }

    private static String machineId(Api api, String name) {
        return PortalCrashTest.machines(api).stream()
                .filter(m -> m[1].equals(name))
                .findFirst()
                .orElseThrow()[0];
    }
}
