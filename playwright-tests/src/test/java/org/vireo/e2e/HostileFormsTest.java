package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hostile values typed into every text field of every form (as operator and as tenant admin): each submit shows
 * a localized validation message (no internal error, no stack trace), and nothing is created or renamed.
 */
class HostileFormsTest extends BrowserTest {
    /**
     * What a user can type (NUL and line breaks are dropped by the browser's single-line inputs, so those are
     * covered at the REST API); the long one is upper case so that a field's length cap cannot make it valid.
     */
    static final List<String> HOSTILE = List.of(
            "<script>alert(1)</script>",
            "]]><x/>",
            "../../../etc/passwd",
            "X".repeat(65_536),
            "\u202Eexe.txt",
            "zero\u200Bwidth",
            "' OR '1'='1",
            "$(reboot)",
            "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>");

    static final List<String> HOSTILE_PASSWORDS =
            List.of("short", "\u202Epassword-1234", "zero\u200Bwidth-pass", "p".repeat(65_536));
    static final Pattern INTERNAL = Pattern.compile("Something went wrong|schiefgegangen|Exception|at org\\.");

    record Form(String path, String[] fill, String field, String submit, String opener) {}

    @Test
    void everyFormRefusesHostileInputWithAMessageAndChangesNothing() {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String machine = demo.createDemoMachine("fuzz-forms", false);
        String before = state(admin, demo) + demo.get("/api/v1/machines/" + machine + "/snapshots");
        var problems = new ArrayList<String>();
        int submitted = 0;

        open("en-US");
        loginEnglish("admin", VireoServer.ADMIN_PASSWORD);
        var adminForms = List.of(
                new Form("/admin/tenants", new String[] {}, "#tenant-name", "#create-tenant", null),
                new Form("/admin/tenants", new String[] {}, "#rename-name", "#save-rename", "#rename-demo"),
                new Form(
                        "/admin/tenants",
                        new String[] {"#new-password", "valid-password-1"},
                        "#new-username",
                        "#save-user",
                        "#add-user-demo"),
                new Form(
                        "/templates",
                        new String[] {"#template-image", "/var/lib/vireo/none.qcow2"},
                        "#template-name",
                        "#register-template",
                        null),
                new Form(
                        "/templates",
                        new String[] {"#template-name", "Fuzz image"},
                        "#template-image",
                        "#register-template",
                        null),
                new Form(
                        "/admin/hosts",
                        new String[] {"#host-uri", "qemu+unix:///system?socket=/var/lib/vireo-none/s"},
                        "#host-name",
                        "#register-host",
                        null),
                new Form("/admin/hosts", new String[] {"#host-name", "fuzz-host"}, "#host-uri", "#register-host", null),
                new Form(
                        "/admin/hosts",
                        new String[] {
                            "#host-name", "fuzz-host", "#host-uri", "qemu+unix:///system?socket=/var/lib/vireo-none/s"
                        },
                        "#host-console",
                        "#register-host",
                        null));
        for (var form : adminForms) {
            submitted += submitAll(form, HOSTILE, problems);
        }
        submitted += submitAll(
                new Form(
                        "/admin/tenants",
                        new String[] {"#new-username", "fuzz-user"},
                        "#new-password",
                        "#save-user",
                        "#add-user-demo"),
                HOSTILE_PASSWORDS,
                problems);

        open("en-US");
        loginEnglish("demo", VireoServer.DEMO_PASSWORD);
        var tenantForms = List.of(
                new Form("/machines", new String[] {}, "#machine-name", "#create-machine-submit", "#create-machine"),
                new Form(
                        "/users",
                        new String[] {"#user-password", "valid-password-1"},
                        "#user-username",
                        "#add-user",
                        null),
                new Form("/tokens", new String[] {}, "#token-name", "#issue-token", null),
                new Form(
                        "/keys",
                        new String[] {"#key-value", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGd8fuzz"},
                        "#key-name",
                        "#add-key",
                        null),
                new Form("/keys", new String[] {"#key-name", "laptop"}, "#key-value", "#add-key", null),
                new Form(
                        "/machines/" + machine, new String[] {}, "#snapshot-name", "#snapshot-save", "#take-snapshot"));
        for (var form : tenantForms) {
            submitted += submitAll(form, HOSTILE, problems);
        }
        submitted += submitAll(
                new Form("/users", new String[] {"#user-username", "fuzz-user"}, "#user-password", "#add-user", null),
                HOSTILE_PASSWORDS,
                problems);

        System.out.printf("hostile form submissions: %d, problems: %d%n", submitted, problems.size());
        assertThat(problems).isEmpty();
        assertThat(state(admin, demo) + demo.get("/api/v1/machines/" + machine + "/snapshots"))
                .as("nothing created, renamed or registered")
                .isEqualTo(before);
        demo.delete("/api/v1/machines/" + machine);
    }

    /** Opens the form once, then submits each value; returns the number of submissions. */
    private int submitAll(Form form, List<String> values, List<String> problems) {
        navigate(form.path());
        int n = 0;
        for (String value : values) {
            if (form.opener() != null && !page.locator(form.field()).isVisible()) {
                page.locator(form.opener()).click();
            }
            for (int i = 0; i < form.fill().length; i += 2) {
                fill(page.locator(form.fill()[i]), form.fill()[i + 1]);
            }
            fill(page.locator(form.field()), value);
            page.locator(form.submit()).click();
            waitForVaadin();
            n++;
            // the form's error line, a notice, or the message at the field itself (one message per field)
            var message = page.locator(
                    ".vireo-error:visible, vaadin-notification-card, " + "[invalid] > [slot=error-message]:visible");
            String what = form.path() + " " + form.field() + "=" + abbreviate(value);
            try {
                assertThat(message.first()).not().isEmpty();
            } catch (AssertionError e) {
                problems.add(what + ": no validation message");
                continue;
            }
            String shown = String.join(" | ", message.allInnerTexts());
            if (INTERNAL.matcher(shown).find() || page.locator("#error-view").count() > 0) {
                problems.add(what + ": " + shown);
            }
        }
        page.keyboard().press("Escape");
        return n;
    }

    private static void fill(Locator field, String value) {
        // Vaadin fields wrap a native input; fill that, then leave it so that the value reaches the server.
        var input = field.locator("input, textarea").first();
        input.fill(value);
        input.dispatchEvent("change");
    }

    /** Tenants, users' machines, templates, and tokens as the REST API lists them. */
    private static String state(Api admin, Api demo) {
        return admin.get("/api/v1/admin/tenants") + "\n"
                + admin.get("/api/v1/admin/hosts").replaceAll("\"(domains|runningDomains)\":[0-9]+", "") + "\n"
                + demo.get("/api/v1/machines") + "\n"
                + demo.get("/api/v1/templates") + "\n"
                + demo.get("/api/v1/tokens").replaceAll("\"lastUsedAt\":\"[^\"]*\"", "");
    }

    static String abbreviate(String s) {
        String flat = s.replaceAll("\\p{C}", "?");
        return flat.length() > 40 ? flat.substring(0, 40) + "…(" + s.length() + ")" : flat;
    }
}
