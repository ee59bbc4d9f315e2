package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The machine's own page offers what its state allows (one rule with the list and the API), asks before power-off,
 * reboot and delete, says what happened and why a button is off; the list fits 1366 and 390 px wide screens with
 * name, state and actions in view, sorts and searches by name; the console page offers Start for a stopped machine.
 */
class MachineActionsTest extends BrowserTest {
    private static final LocatorAssertions.HasAttributeOptions SLOW =
            new LocatorAssertions.HasAttributeOptions().setTimeout(45_000);

    Api tenant(String prefix) {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String tenant = Api.field(
                admin.post("/api/v1/admin/tenants", "{\"name\":\"" + prefix + "-" + suffix + "\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"" + prefix + "-" + suffix
                        + "\",\"password\":\"actions-password-1\",\"role\":\"TENANT_ADMIN\"}",
                201);
        return new Api(server.baseUrl, prefix + "-" + suffix, "actions-password-1");
    }

    @Test
    void theDetailPageOffersWhatTheStateAllowsAndAsksBeforeWhatCannotBeUndone() {
        var user = tenant("detail");
        String id = user.createDemoMachine("page", true);
        open("en-US");
        loginEnglish(user.username(), "actions-password-1");
        navigate("/machines/" + id);
        assertThat(page.locator("#fact-state")).hasAttribute("data-state", "RUNNING", SLOW);
        // no public address: the page does not promise SSH from outside
        assertThat(page.locator("#fact-reachability")).containsText("through the console");
        for (String on :
                List.of("#open-console", "#detail-shutdown", "#detail-poweroff", "#detail-reboot", "#detail-delete")) {
            assertThat(page.locator(on)).isEnabled();
        }
        assertThat(page.locator("#detail-start")).isDisabled();
        assertThat(page.locator("#resize-machine")).isDisabled();
        // a disabled button says why
        assertThat(page.locator(".vireo-why:has(#detail-start)"))
                .hasAttribute("title", "Not possible in the state “running”.");

        page.locator("#detail-reboot").click();
        assertThat(page.getByText("Reboot page?")).isVisible();
        page.locator("#confirm-reboot").click();
        assertThat(successNotice()).containsText("page is rebooting");

        page.locator("#detail-poweroff").click();
        assertThat(page.getByText("Power off page?")).isVisible();
        page.keyboard().press("Escape"); // cancelled: nothing happens
        assertThat(page.locator("#fact-state")).hasAttribute("data-state", "RUNNING");
        page.locator("#detail-poweroff").click();
        page.locator("#confirm-poweroff").click();
        assertThat(page.locator("#fact-state")).hasAttribute("data-state", "STOPPED", SLOW);
        assertThat(page.locator("#detail-start")).isEnabled();
        assertThat(page.locator("#open-console")).isDisabled();

        page.locator("#resize-machine").click();
        page.locator("#resize-memory input").fill("99999999");
        page.locator("#resize-save").click();
        // the message sits at the field, naming the range in MiB
        assertThat(page.locator("#resize-memory")).hasAttribute("invalid", "");
        assertThat(page.locator("#resize-memory")).containsText("MiB");
        page.locator("#resize-memory input").fill("192");
        page.locator("#resize-save").click();
        assertThat(successNotice()).containsText("page was resized");
        assertThat(page.locator("#fact-memory")).hasText("192 MiB");

        // the console of a stopped machine offers Start, and shows the screen once it runs
        page.locator("#detail-start").click();
        assertThat(page.locator("#fact-state")).hasAttribute("data-state", "RUNNING", SLOW);
        user.post("/api/v1/machines/" + id + "/poweroff", "", 202);
        navigate("/machines/" + id + "/console");
        assertThat(page.locator("#console-status")).containsText("not running");
        page.locator("#console-start").click();
        assertThat(page.locator("#console-status")).hasAttribute("data-state", "connected", SLOW);
        // and when the machine stops under it, the page says so
        user.post("/api/v1/machines/" + id + "/poweroff", "", 202);
        assertThat(page.locator("#console-status"))
                .containsText("not running", new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        assertThat(page.locator("#console-start")).isVisible();

        navigate("/machines/" + id);
        page.locator("#detail-delete").click();
        page.locator("#confirm-delete").click();
        page.waitForURL("**/machines");
        assertThat(page.getByText("No machines yet.")).isVisible();
    }

    @Test
    void theListKeepsNameStateAndActionsInViewOnWideAndNarrowScreensAndSortsAndSearches() throws Exception {
        var user = tenant("list");
        for (String name : List.of("web-2", "db-1", "web-1")) {
            user.createDemoMachine(name, false);
        }
        for (int[] size : new int[][] {{1366, 768}, {390, 844}}) {
            String locale = size[0] > 1000 ? "en-US" : "de-DE";
            page = openSized(locale, size[0], size[1]);
            if (size[0] > 1000) {
                loginEnglish(user.username(), "actions-password-1");
            } else {
                login(user.username(), "actions-password-1", "Benutzername", "Passwort", "Anmelden");
            }
            navigate("/machines");
            var grid = page.locator("#machines-grid");
            assertThat(grid).containsText("web-2");
            for (String visible : List.of(
                    "vaadin-grid-cell-content a:text('db-1')",
                    "span.machine-state >> nth=0",
                    "#console-db-1",
                    "#start-db-1",
                    "#delete-db-1",
                    "#logout")) {
                var box = page.locator(visible).first().boundingBox();
                assertThat(box).as(visible + " at " + size[0]).isNotNull();
                assertThat(box.x + box.width)
                        .as(visible + " inside the " + size[0] + " px screen")
                        .isLessThanOrEqualTo(size[0]);
            }
            assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling at " + size[0])
                    .isTrue();
            assertThat(page.locator("#console-db-1")).isDisabled();
            assertThat(page.locator("#start-db-1")).isEnabled();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of(
                            "target/screenshots/machine-list-" + size[0] + "-" + locale.substring(0, 2) + ".png")));
        }
        // sorting by name, both ways, and search by a part of the name
        page = openSized("en-US", 1366, 768);
        loginEnglish(user.username(), "actions-password-1");
        navigate("/machines");
        page.locator("vaadin-grid-sorter:has-text('Name')").click();
        assertThat(names()).containsExactly("db-1", "web-1", "web-2");
        page.locator("vaadin-grid-sorter:has-text('Name')").click();
        assertThat(names()).containsExactly("web-2", "web-1", "db-1");
        page.locator("#machine-search input").fill("web");
        page.locator("#machine-search input").press("Enter");
        waitForVaadin();
        page.waitForFunction("() => !document.querySelector('#machines-grid').innerText.includes('db-1')");
        assertThat(names()).containsExactlyInAnyOrder("web-2", "web-1");
        for (var m : user.get("/api/v1/machines").split("\"id\":\"")) {
            if (m.length() > 36 && m.charAt(8) == '-') {
                user.delete("/api/v1/machines/" + m.substring(0, 36));
            }
        }
    }

    private List<String> names() {
        waitForVaadin();
        // the grid keeps recycled cells in the DOM: only what is shown counts
        return page.locator("#machines-grid vaadin-grid-cell-content a:visible").allInnerTexts().stream()
                .filter(s -> !s.isBlank())
                .toList();
    }

    private Page openSized(String locale, int width, int height) {
        open(locale);
        page.setViewportSize(width, height);
        return page;
    }
}
