package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostAndTemplatesTest extends BrowserTest {

    @Test
    void adminSeesTheAcceleratorTheHostSetupRecorded() throws Exception {
        var recorded = Files.readString(Path.of("/var/lib/vireo/accelerator")).strip().toUpperCase();
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/admin/host");
        assertThat(page.locator("#host-accelerator")).containsText(recorded);
        assertThat(page.locator("#host-hypervisor")).containsText("QEMU");
    }

    @Test
    void tenantUserCannotOpenTheHostPage() {
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        assertThat(page.locator("#main-nav")).not().containsText("Host");
        navigate("/admin/host");
        assertThat(page.locator("#host-view")).hasCount(0);
        assertThat(page.locator("#host-accelerator")).hasCount(0);
    }

    @Test
    void demoTemplateIsListedForTenants() {
        open("de-DE");
        login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
        navigate("/templates");
        assertThat(page.locator("#templates-grid")).containsText("Vireo Demo (busybox)");
        assertThat(page.locator("#templates-grid")).containsText("Kernel-Boot");
    }
}
