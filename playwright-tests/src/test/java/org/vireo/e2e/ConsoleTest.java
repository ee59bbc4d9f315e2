package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The browser console: the guest's screen appears in the canvas, typed keys reach the guest (proved by a command
 * that writes to the serial port, read back from the host's serial log), and the console closes.
 */
class ConsoleTest extends BrowserTest {

    @Test
    void typedCommandReachesTheGuest() throws Exception {
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String id = createDemoMachine(demo, "console-e2e");
        try {
            Path serial = openScreenOfBooted(id);
            var canvas = page.locator("#console-screen canvas");
            assertThat(canvas).isVisible();
            // The guest's VGA screen was drawn: the canvas is not one flat colour.
            page.waitForFunction("() => { const c = document.querySelector('#console-screen canvas');"
                    + " if (!c || c.width < 100) return false; const d = c.getContext('2d').getImageData(0, 0,"
                    + " c.width, c.height).data; for (let i = 4; i < d.length; i += 4) { if (d[i] !== d[0]"
                    + " || d[i+1] !== d[1] || d[i+2] !== d[2]) return true; } return false; }");

            String marker = "vireo-" + (10000 + new Random().nextInt(89999));
            canvas.click();
            // Typed as a person does, Shift held for ">" and "S" (QEMU maps keys, not characters).
            var slowly = new com.microsoft.playwright.Keyboard.TypeOptions().setDelay(40);
            page.keyboard().type("echo " + marker + " ", slowly);
            page.keyboard().press("Shift+Period");
            page.keyboard().type(" /dev/tty", slowly);
            page.keyboard().press("Shift+KeyS");
            page.keyboard().type("0", slowly);
            page.keyboard().press("Enter");
            waitFor(serial, marker, 30);

            navigate("/machines");
            assertThat(page.locator("#console-screen")).hasCount(0);
        } finally {
            demo.delete("/api/v1/machines/" + id);
        }
    }

    /**
     * Type text: the text field's characters arrive as key presses in the chosen layout. The demo guest's console
     * is US: typed with the US layout, a command with Shift characters runs as written; typed with the German
     * layout, "y" and "z" arrive swapped (QWERTZ keys on a QWERTY guest), which shows the layout was applied.
     */
    @Test
    void typedTextArrivesAsKeyPressesInTheChosenLayout() throws Exception {
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String id = createDemoMachine(demo, "type-e2e");
        try {
            Path serial = openScreenOfBooted(id);
            Thread.sleep(2000); // the guest's shell on tty1 is up once the serial port greeted

            var screen = page.locator("#console-screen");
            assertThat(page.locator("#console-type-layout")).containsText("US"); // the template's layout
            page.locator("#console-type-text input").fill("echo TYPED-$((6*7))-Ok >/dev/ttyS0");
            page.locator("#console-type").click();
            assertThat(screen).hasAttribute("data-typed", "1"); // typed to the end before Enter
            page.locator("#console-screen canvas").click();
            page.keyboard().press("Enter");
            waitFor(serial, "TYPED-42-Ok", 30);

            page.locator("#console-type-text input").fill("exec >/dev/ttyS0");
            page.locator("#console-type").click();
            assertThat(screen).hasAttribute("data-typed", "2");
            page.locator("#console-screen canvas").click();
            page.keyboard().press("Enter");
            page.locator("#console-type-layout").click();
            page.locator("vaadin-select-item")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("German"))
                    .click();
            page.locator("#console-type-text input").fill("echo GERMANyz");
            page.locator("#console-type").click();
            assertThat(screen).hasAttribute("data-typed", "3");
            page.locator("#console-screen canvas").click();
            page.keyboard().press("Enter");
            waitFor(serial, "GERMANzy", 30);
            // the choice is remembered for this machine in this browser
            navigate("/machines/" + id + "/console");
            assertThat(page.locator("#console-type-layout")).containsText("German");

            // A German user in another browser gets the guest's layout (US, from its template), not German:
            // "yz" and Shift characters arrive as typed.
            open("de-DE");
            login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            navigate("/machines/" + id + "/console");
            assertThat(page.locator("#console-status"))
                    .hasAttribute(
                            "data-state", "connected", new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
            assertThat(page.locator("#console-type-layout")).containsText("US");
            page.locator("#console-type-text input").fill("echo DEUTSCH-yz-$((6*7))");
            page.locator("#console-type").click();
            assertThat(page.locator("#console-screen")).hasAttribute("data-typed", "1");
            page.locator("#console-screen canvas").click();
            page.keyboard().press("Enter");
            waitFor(serial, "DEUTSCH-yz-42", 30);
            // umlauts have no key in the US layout: nothing is typed, and the message names them
            page.locator("#console-type-text input").fill("echo Grüße €");
            page.locator("#console-type").click();
            var refused =
                    page.locator("vaadin-notification-card[theme~='error']").last();
            assertThat(refused).containsText("üß€");
            assertThat(refused).containsText("Nichts getippt");
            assertThat(page.locator("#console-screen")).hasAttribute("data-typed", "1");
        } finally {
            demo.delete("/api/v1/machines/" + id);
        }
    }

    /** The serial console: typed into xterm.js, computed by the guest's shell on ttyS0, shown in the terminal. */
    @Test
    void serialConsoleTypesIntoTheGuestsShell() throws Exception {
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String id = createDemoMachine(demo, "serial-e2e");
        try {
            waitFor(Path.of("/var/lib/vireo/logs/vireo-" + id + ".serial.log"), "VIREO-DEMO-BOOTED", 90);
            open("en-US");
            loginEnglish("demo", VireoServer.DEMO_PASSWORD);
            navigate("/machines/" + id);
            page.locator("#open-serial-console").click();
            assertThat(page.locator("#console-status"))
                    .hasAttribute(
                            "data-state", "connected", new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
            assertThat(page.locator("#console-screen .xterm")).isVisible();
            page.locator("#console-screen .xterm").click();
            page.keyboard()
                    .type("echo SERIAL-$((6*7))", new com.microsoft.playwright.Keyboard.TypeOptions().setDelay(20));
            page.keyboard().press("Enter");
            page.waitForFunction("async () => (await import('/vireo/console.js')).serialText("
                    + "document.querySelector('#console-screen')).includes('SERIAL-42')");
            // The terminal fills its box (not xterm's 80 columns in a corner) ...
            double box = ((Number) page.evaluate(
                            "() => document.querySelector('#console-screen')" + ".getBoundingClientRect().width"))
                    .doubleValue();
            double terminal = ((Number) page.evaluate("() => document.querySelector('#console-screen .xterm-screen')"
                            + ".getBoundingClientRect().width"))
                    .doubleValue();
            org.assertj.core.api.Assertions.assertThat(terminal)
                    .as("terminal width in a box of %s px", box)
                    .isGreaterThan(box * 0.9);
            // ... and its rows are taller than the font, so an underscore's stroke is inside its cell
            double row = ((Number) page.evaluate("() => document.querySelector('#console-screen .xterm-rows > div')"
                            + ".getBoundingClientRect().height"))
                    .doubleValue();
            org.assertj.core.api.Assertions.assertThat(row)
                    .as("row height (font 14 px)")
                    .isGreaterThanOrEqualTo(16);
            page.locator("#console-open-screen").click();
            assertThat(page.locator("#console-screen")).hasAttribute("data-console", "vnc");
        } finally {
            demo.delete("/api/v1/machines/" + id);
        }
    }

    /** A running machine from the demo template; returns its id. */
    static String createDemoMachine(Api demo, String name) throws Exception {
        String templateId = Api.field(demo.get("/api/v1/templates"), "id");
        return Api.field(
                demo.post("/api/v1/machines", "{\"name\":\"" + name + "\",\"templateId\":\"" + templateId + "\"}", 201),
                "id");
    }

    /** Once the demo guest greeted on its serial port, its screen in the browser as demo; the serial log. */
    private Path openScreenOfBooted(String id) throws Exception {
        Path serial = Path.of("/var/lib/vireo/logs/vireo-" + id + ".serial.log");
        waitFor(serial, "VIREO-DEMO-BOOTED", 90);
        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        navigate("/machines/" + id + "/console");
        assertThat(page.locator("#console-status"))
                .hasAttribute(
                        "data-state", "connected", new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
        return serial;
    }

    static void waitFor(Path file, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        assertTrue(false, "'" + text + "' not in " + file + " within " + seconds + " s");
    }
}
