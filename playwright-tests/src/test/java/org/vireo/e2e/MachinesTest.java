package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A tenant creates a machine in the UI and watches its state change live (server push, no reload). */
class MachinesTest extends BrowserTest {

    @Test
    void createdMachineRunsThenStopsWithoutReload() {
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        navigate("/machines");
        String name = "e2e-" + UUID.randomUUID().toString().substring(0, 6);

        page.locator("#create-machine").click();
        assertThat(page.locator("#quota-preview")).containsText("After this create");
        page.locator("#machine-name input").fill(name);
        page.locator("#create-machine-submit").click();

        Locator row = page.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions().setHasText(name));
        assertThat(row.first()).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        Locator running = page.locator("span.machine-state[data-state=RUNNING]");
        assertThat(running).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
        assertThat(page.locator("#quota-machines")).containsText("1 used");

        // The guest powers off on the ACPI button; only the libvirt event, pushed to this page, can turn
        // "shutting down" into "stopped" here.
        // Pushed updates re-render the row; a click that lands on a button being replaced is lost, so click
        // again until the machine has left RUNNING.
        clickUntil("#shutdown-" + name, "span.machine-state[data-state=RUNNING]", 0);
        assertThat(page.locator("span.machine-state[data-state=STOPPED]"))
                .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(45_000));
        assertThat(page.locator("span.machine-state[data-state=STOPPED]")).hasText("stopped");

        clickUntil("#delete-" + name, "#confirm-delete", 1);
        page.locator("#confirm-delete").click();
        // (The grid keeps recycled cells in the DOM: check what is visible.)
        assertThat(page.getByText("No machines yet."))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(page.locator("#quota-machines")).containsText("0 used");
    }

    /** Clicks (after Vaadin is idle) until {@code probe} has {@code count} matches; at most five tries. */
    private void clickUntil(String button, String probe, int count) {
        for (int i = 0; i < 5; i++) {
            waitForVaadin();
            page.locator(button).click();
            try {
                assertThat(page.locator(probe))
                        .hasCount(count, new LocatorAssertions.HasCountOptions().setTimeout(5_000));
                return;
            } catch (AssertionError e) {
                // the click hit a re-rendered row; try again
            }
        }
        assertThat(page.locator(probe)).hasCount(count);
    }

    @Test
    void createOverQuotaOrWithBadNameIsRefusedWithAClearMessage() {
        open("de-DE");
        login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
        navigate("/machines");
        page.locator("#create-machine").click();
        page.locator("#machine-name input").fill("Böser<Name>");
        page.locator("#create-machine-submit").click();
        assertThat(page.locator("#create-error")).containsText("Kleinbuchstaben");
        page.locator("#machine-name input").fill("zu-gross");
        page.locator("#machine-vcpus input").fill("64");
        assertThat(page.locator("#quota-preview")).containsText("Limit für vCPUs");
        page.locator("#create-machine-submit").click();
        assertThat(page.locator("#create-error")).containsText("vCPUs von 8 würde überschritten");
        page.locator("#create-machine-dialog").page().keyboard().press("Escape");
        assertThat(page.locator("#machines-grid")).not().containsText("zu-gross");
    }
}
