package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accessibility (BFSG expects it of consumer services): axe-core's WCAG 2.1 AA rules on every view and dialog, in
 * German, as operator and as tenant admin, find nothing serious or critical; dialogs and the console work from
 * the keyboard alone.
 */
class AccessibilityTest extends BrowserTest {
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    /** The serious and critical violations on the page as it is now, one line each. */
    private List<String> violations(String where) {
        var results = new AxeBuilder(page).withTags(WCAG_21_AA).analyze();
        assertThat(results.isErrored()).as("axe ran on " + where).isFalse();
        var found = new ArrayList<String>();
        for (Rule r : results.getViolations()) {
            if ("serious".equals(r.getImpact()) || "critical".equals(r.getImpact())) {
                r.getNodes()
                        .forEach(n -> found.add(where + ": " + r.getId() + " (" + r.getImpact() + ") at "
                                + n.getTarget() + ": " + abbreviate(n.getHtml()) + " — " + n.getFailureSummary()
                                + related(n)));
            }
        }
        return found;
    }

    @Test
    void noViewOrDialogHasSeriousOrCriticalViolations() {
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String running = demo.createDemoMachine("a11y-run", true);
        try {
            var found = new ArrayList<String>();
            open("de-DE");
            navigate("/login");
            found.addAll(violations("/login"));
            login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            for (String view : List.of(
                    "/",
                    "/machines",
                    "/machines/" + running,
                    "/machines/" + running + "/console",
                    "/templates",
                    "/tokens",
                    "/keys",
                    "/users",
                    "/audit",
                    "/account",
                    "/no-such-page")) {
                navigate(view);
                page.waitForTimeout(300); // pushed content (graphs, console status) settles
                found.addAll(violations(view));
            }
            navigate("/machines");
            page.locator("#create-machine").click();
            assertThat(page.locator("#machine-name")).isVisible();
            page.waitForTimeout(500); // the overlay's opening animation (half-transparent text is no contrast)
            found.addAll(violations("create machine dialog"));
            page.keyboard().press("Escape");
            navigate("/machines/" + running);
            page.locator("#detail-poweroff").click();
            assertThat(page.locator("#confirm-poweroff")).isVisible();
            page.waitForTimeout(500);
            found.addAll(violations("power-off confirmation"));
            page.keyboard().press("Escape");

            open("de-DE");
            login("admin", VireoServer.ADMIN_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            for (String view : List.of(
                    "/",
                    "/machines",
                    "/admin/tenants",
                    "/admin/hosts",
                    "/admin/host",
                    "/admin/traffic",
                    "/templates",
                    "/users",
                    "/audit",
                    "/tokens")) {
                navigate(view);
                page.waitForTimeout(300);
                found.addAll(violations("admin " + view));
            }
            navigate("/admin/tenants");
            page.locator("#quota-demo").click();
            assertThat(page.locator("#save-quota")).isVisible();
            page.waitForTimeout(500);
            found.addAll(violations("quota dialog"));
            System.out.printf("axe (WCAG 2.1 AA) on 23 views and dialogs: %d serious or critical%n", found.size());
            assertThat(found).isEmpty();
        } finally {
            demo.delete("/api/v1/machines/" + running);
        }
    }

    @Test
    void aMachineIsCreatedAndItsConsoleReachedByKeyboardAlone() {
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        navigate("/machines");
        page.locator("#create-machine").focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("#machine-name input")).isFocused();
        page.keyboard().type("keyboard-only");
        // to the create button by Tab, past template, sizes and the start box
        for (int i = 0;
                i < 12 && !(Boolean) page.evaluate("() => document.activeElement?.id === " + "'create-machine-submit'");
                i++) {
            page.keyboard().press("Tab");
        }
        assertThat(page.locator("#create-machine-submit")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#machines-grid"))
                .containsText(
                        "keyboard-only",
                        new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                                .setTimeout(30_000));
        String id = Api.field(demo.get("/api/v1/machines?name=keyboard-only"), "id");
        try {
            navigate("/machines/" + id + "/console");
            assertThat(page.locator("#console-status"))
                    .hasAttribute(
                            "data-state",
                            "connected",
                            new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions()
                                    .setTimeout(30_000));
            // the screen is reached with Tab and then takes the keys
            for (int i = 0;
                    i < 20
                            && !(Boolean)
                                    page.evaluate("() => !!document.activeElement?.closest(" + "'#console-screen')");
                    i++) {
                page.keyboard().press("Tab");
            }
            assertThat((Boolean) page.evaluate("() => !!document.activeElement?.closest('#console-screen')"))
                    .as("console screen focused by Tab")
                    .isTrue();
            // a confirmation is answered from the keyboard: Escape cancels
            navigate("/machines/" + id);
            page.locator("#detail-poweroff").focus();
            page.keyboard().press("Enter");
            assertThat(page.locator("#confirm-poweroff")).isVisible();
            page.keyboard().press("Escape");
            assertThat(page.locator("#confirm-poweroff")).hasCount(0);
        } finally {
            demo.delete("/api/v1/machines/" + id);
        }
    }

    /** The elements a check names (e.g. the focusable ones inside a hidden region). */
    private static String related(com.deque.html.axecore.results.CheckedNode n) {
        var nodes = new ArrayList<String>();
        for (var checks : List.of(n.getAll(), n.getAny(), n.getNone())) {
            if (checks != null) {
                checks.forEach(c -> {
                    if (c.getRelatedNodes() != null) {
                        c.getRelatedNodes().forEach(r -> nodes.add(String.valueOf(r.getTarget())));
                    }
                });
            }
        }
        return nodes.isEmpty() ? "" : " related: " + nodes;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
