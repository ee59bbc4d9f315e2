package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An operator uploads a qcow2 base image and it becomes a template tenants can pick. */
class TemplateUploadTest extends BrowserTest {

    @Test
    void uploadedQcow2BecomesATemplate() throws Exception {
        Path dir = Files.createTempDirectory("vireo-upload");
        String name = "uploaded-" + UUID.randomUUID().toString().substring(0, 6);
        Path image = dir.resolve(name + ".qcow2");
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1G")
                .inheritIO()
                .start()
                .waitFor();
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/templates");
        page.locator("#template-upload input[type=file]").setInputFiles(image);
        assertThat(page.locator("#templates-grid"))
                .containsText(name, new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#templates-grid")).containsText("Disk image");

        deleteTemplate(name); // its file is Vireo's: it goes with it (the library is shared by the test runs)

        // Not a qcow2: refused with a clear message, nothing registered.
        Path text = dir.resolve("not-an-image.qcow2");
        Files.writeString(text, "hello");
        page.locator("#template-upload input[type=file]").setInputFiles(text);
        assertThat(page.getByText("The image was said to be qcow2, but the file is raw."))
                .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                        .setTimeout(30_000));
        assertThat(page.locator("#templates-grid")).not().containsText("not-an-image");
    }

    /**
     * An ISO uploaded as an .img (the browser claims nothing) is recognised by its contents: it goes to the ISO
     * library, listed apart without sizes; shown to chosen tenants only; its delete dialog speaks of an ISO.
     */
    @Test
    void anIsoGoesToTheLibraryApartWithItsTenantsAndItsOwnDeleteDialog() throws Exception {
        Path dir = Files.createTempDirectory("vireo-iso");
        Files.writeString(dir.resolve("README.TXT"), "an installer");
        String name = "installer-" + UUID.randomUUID().toString().substring(0, 6);
        Path iso = dir.resolve(name + ".img");
        new ProcessBuilder(
                        "genisoimage",
                        "-quiet",
                        "-o",
                        iso.toString(),
                        dir.resolve("README.TXT").toString())
                .inheritIO()
                .start()
                .waitFor();
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/templates");
        page.locator("#template-upload input[type=file]").setInputFiles(iso);
        var row = page.locator("#isos-grid vaadin-grid-cell-content")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(name));
        assertThat(page.locator("#isos-grid"))
                .containsText(name, new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#isos-grid")).containsText("All tenants");
        assertThat(page.locator("#isos-grid")).not().containsText("vCPU");
        assertThat(page.locator("#templates-grid")).not().containsText(name);
        assertThat(row).hasCount(1);

        page.locator("#isos-grid .iso-tenants").last().click();
        page.locator("#iso-tenants-mode vaadin-radio-button")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Chosen tenants"))
                .click();
        page.locator("#save-iso-tenants").click();
        assertThat(page.locator("#isos-grid")).containsText("No tenant");

        Object rowsBefore = page.evaluate("() => document.querySelector('#isos-grid').size");
        page.locator("#isos-grid .delete-iso").last().click();
        assertThat(page.locator("vaadin-dialog-overlay")).containsText("Delete the ISO " + name);
        page.locator("#confirm-delete-iso").click();
        assertThat(page.locator("vaadin-notification-card").last()).containsText("ISO " + name + " was deleted.");
        page.waitForCondition(
                () -> !rowsBefore.equals(page.evaluate("() => document.querySelector('#isos-grid').size")));
        org.assertj.core.api.Assertions.assertThat(
                        ((Number) page.evaluate("() => document.querySelector('#isos-grid').size")).intValue())
                .isEqualTo(((Number) rowsBefore).intValue() - 1);
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        org.assertj.core.api.Assertions.assertThat(admin.get("/api/v1/isos")).doesNotContain(name);
    }

    /** From a URL (a slow web server on loopback): the list shows the import's progress, then the template. */
    @Test
    void importFromAUrlShowsItsProgress() throws Exception {
        Path dir = Files.createTempDirectory("vireo-import");
        Path image = dir.resolve("slow.raw");
        Files.write(image, new byte[8 << 20]);
        var web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/slow.raw", exchange -> {
            byte[] all = Files.readAllBytes(image);
            exchange.sendResponseHeaders(200, all.length);
            try (var out = exchange.getResponseBody()) {
                for (int at = 0; at < all.length; at += 128 << 10) { // 8 MiB in about 6 s
                    out.write(all, at, 128 << 10);
                    out.flush();
                    Thread.sleep(90);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        web.start();
        try {
            String name = "fetched-" + UUID.randomUUID().toString().substring(0, 6);
            open("en-US");
            loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
            navigate("/templates");
            page.locator("#template-name input").fill(name);
            page.locator("#template-url input")
                    .fill("http://127.0.0.1:" + web.getAddress().getPort() + "/slow.raw");
            page.locator("#import-template").click();
            var row = page.locator("#templates-grid vaadin-grid-cell-content")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions()
                            .setHasText(java.util.regex.Pattern.compile("Importing [1-9][0-9]? %")));
            assertThat(row.first())
                    .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                            .setTimeout(15_000));
            assertThat(row).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
            assertThat(page.locator("#templates-grid")).containsText(name);
            assertThat(page.locator("#templates-grid")).not().containsText("Failed");
            var api = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
            String mine = java.util.Arrays.stream(api.get("/api/v1/templates").split("\\},\\{"))
                    .filter(t -> t.contains("\"name\":\"" + name + "\""))
                    .findFirst()
                    .orElseThrow();
            org.assertj.core.api.Assertions.assertThat(mine)
                    .contains("\"status\":\"READY\"")
                    .contains("\"imageFormat\":\"raw\"");
            deleteTemplate(name);
        } finally {
            web.stop(0);
        }
    }

    /** Deletes the template called {@code name} (and so its imported file) through the API. */
    private void deleteTemplate(String name) {
        var api = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        var m = java.util.regex.Pattern.compile(
                        "\"id\":\"([0-9a-f-]{36})\",\"name\":\"" + java.util.regex.Pattern.quote(name) + "\"")
                .matcher(api.get("/api/v1/templates"));
        org.assertj.core.api.Assertions.assertThat(m.find())
                .as("template " + name + " listed")
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(api.call("DELETE", "/api/v1/admin/templates/" + m.group(1)))
                .isEqualTo(204);
    }
}
