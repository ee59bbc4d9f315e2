package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
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
        new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1G").inheritIO().start()
                .waitFor();
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/templates");
        page.locator("#template-upload input[type=file]").setInputFiles(image);
        assertThat(page.locator("#templates-grid")).containsText(name,
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator("#templates-grid")).containsText("Disk image");

        // Not a qcow2: refused with a clear message, nothing registered.
        Path text = dir.resolve("not-an-image.qcow2");
        Files.writeString(text, "hello");
        page.locator("#template-upload input[type=file]").setInputFiles(text);
        assertThat(page.getByText("Only qcow2 images without a backing file can be base images."))
                .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(page.locator("#templates-grid")).not().containsText("not-an-image");
    }
}
