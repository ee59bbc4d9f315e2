package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostAndTemplatesTest extends BrowserTest {

    @Test
    void adminSeesTheAcceleratorTheHostSetupRecorded() throws Exception {
        var recorded =
                Files.readString(Path.of("/var/lib/vireo/accelerator")).strip().toUpperCase();
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/admin/host");
        assertThat(page.locator("#host-accelerator")).containsText(recorded);
        assertThat(page.locator("#host-hypervisor")).containsText("QEMU");
    }

    @Test
    void operatorSeesTheRegisteredHostsAndABadUriIsRefused() {
        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        navigate("/admin/hosts");
        var local = page.locator("#hosts-grid vaadin-grid-cell-content")
                .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("qemu:///system"));
        assertThat(local.first()).isVisible();
        assertThat(page.locator("#hosts-grid")).containsText("active");
        assertThat(page.locator("#hosts-grid"))
                .containsText(Runtime.getRuntime().availableProcessors() + " CPUs");
        // whether the host can limit interfaces (this machine's kernel cannot): the page says what the API says
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        boolean able = admin.get("/api/v1/admin/hosts").contains("\"throttleAvailable\":true");
        assertThat(page.locator("#hosts-grid"))
                .containsText(able ? "available (" : "unavailable (the reason in the tooltip)");
        page.locator("#host-name input").fill("kvm2");
        page.locator("#host-uri input").fill("qemu+ssh://root:secret@kvm2.example.com/system");
        page.locator("#register-host").click();
        // the message sits at the field it is about
        assertThat(page.locator("#host-uri")).containsText("without a password");
        assertThat(page.locator("#host-uri")).hasAttribute("invalid", "");
        assertThat(page.locator("#hosts-grid")).not().containsText("kvm2");
    }

    @Test
    void theHostFormsLabelsAreShownWholeInGerman() {
        open("de-DE");
        login("admin", VireoServer.ADMIN_PASSWORD, "Benutzername", "Passwort", "Anmelden");
        navigate("/admin/hosts");
        for (String field : java.util.List.of(
                "host-name", "host-uri", "host-accelerator", "host-console", "host-network-mode", "host-dns")) {
            var label = page.locator("#" + field + " > label[slot='label']");
            assertThat(label).isVisible();
            // nothing cut off ("…"): the label is as wide as its text needs
            boolean whole = (Boolean) label.evaluate("l => l.scrollWidth <= l.clientWidth + 1");
            org.assertj.core.api.Assertions.assertThat(whole)
                    .as(field + ": " + label.textContent())
                    .isTrue();
        }
        assertThat(page.locator("#host-console > label[slot='label']")).hasText("Konsolen-Proxy daneben (optional)");
    }

    @Test
    void tenantUserCannotOpenTheHostPage() {
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        // signed in first (the menu is there), so that "no Host entry" is not passed by a page still loading
        assertThat(page.locator("#main-nav")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        assertThat(page.locator("#main-nav")).containsText("Templates");
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
