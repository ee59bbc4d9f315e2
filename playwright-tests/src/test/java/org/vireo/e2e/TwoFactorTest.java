package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * Two-factor sign-in in the German UI: a member sets it up on their account page (QR code, the key as text, a code
 * of the "app" to confirm, ten recovery codes shown once), then signing in asks for a code after the password: a
 * wrong one is refused, a recovery code signs in once. Their password alone issues no API token.
 */
class TwoFactorTest extends BrowserTest {
    private static final String PASSWORD = "two-factor-e2e-password";

    @Test
    void memberSetsUpTwoFactorSignInAndSignsInWithARecoveryCode() throws Exception {
        String user = "tf-e2e-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String id = Api.field(
                demo.post(
                        "/api/v1/users",
                        "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"MEMBER\"}",
                        201),
                "id");
        try {
            signInWithTwoFactor(user);
        } finally {
            assertThat(demo.call("DELETE", "/api/v1/users/" + id)).isEqualTo(204);
        }
    }

    private void signInWithTwoFactor(String user) throws Exception {
        open("de-DE");
        login(user, PASSWORD, "Benutzername", "Passwort", "Anmelden");
        navigate("/account");
        assertThat(page.locator("#two-factor-status")).containsText("Aus");
        page.locator("#two-factor-setup").click();
        assertThat(page.locator("#two-factor-qr"))
                .hasAttribute("src", Pattern.compile("^data:image/svg\\+xml;base64,"));
        String secret = page.locator("#two-factor-secret").innerText().replace(" ", "");
        assertThat(secret).matches("[A-Z2-7]{32}");

        page.locator("#two-factor-code input").fill("000000");
        page.locator("#two-factor-enable").click();
        assertThat(page.locator("#two-factor-code")).hasAttribute("invalid", "");
        page.locator("#two-factor-code input").fill(code(secret));
        page.locator("#two-factor-enable").click();
        assertThat(page.locator("#recovery-codes-done")).isVisible();
        String[] recovery =
                page.locator("#recovery-codes input").inputValue().trim().split("\\s+");
        assertThat(recovery).hasSize(10);
        page.locator("#recovery-codes-done").click(); // not copied: it warns first
        assertThat(page.locator("#recovery-codes-done")).hasText("Trotzdem schließen");
        page.locator("#recovery-codes-done").click();
        assertThat(page.locator("#two-factor-status")).containsText("An:");

        assertThat(basicTokenStatus(user)).isEqualTo(403);

        page.locator("#logout").click();
        assertThat(page.locator("#login-form")).isVisible();
        login(user, PASSWORD, "Benutzername", "Passwort", "Anmelden");
        assertThat(page).hasURL(Pattern.compile(".*/login/code$"));
        assertThat(page.locator("#logout")).hasCount(0);
        page.locator("#second-factor-code input").fill("000000");
        page.locator("#second-factor-submit").click();
        assertThat(page.locator("#second-factor-error")).containsText("stimmt nicht");

        page.locator("#second-factor-code input").fill(recovery[0]);
        page.locator("#second-factor-submit").click();
        assertThat(page.locator("#logout")).isVisible();
        navigate("/account");
        assertThat(page.locator("#two-factor-status")).containsText("Verbleibende Wiederherstellungscodes: 9");
    }

    @Test
    void aTenantAdminRequiresItAndTheMemberSetsItUpAtSignIn() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 1_000_000, 36);
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String tenant =
                Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"tf-tenant-" + suffix + "\"}", 201), "id");
        try {
            for (String[] u :
                    new String[][] {{"tf-boss-" + suffix, "TENANT_ADMIN"}, {"tf-staff-" + suffix, "MEMBER"}}) {
                admin.post(
                        "/api/v1/admin/tenants/" + tenant + "/users",
                        "{\"username\":\"" + u[0] + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + u[1] + "\"}",
                        201);
            }
            open("de-DE");
            login("tf-boss-" + suffix, PASSWORD, "Benutzername", "Passwort", "Anmelden");
            navigate("/users");
            page.locator("#require-2fa").click();
            assertThat(successNotice()).containsText("zweiten Faktor");
            page.locator("#logout").click();
            assertThat(page.locator("#login-form")).isVisible();

            login("tf-staff-" + suffix, PASSWORD, "Benutzername", "Passwort", "Anmelden");
            assertThat(page).hasURL(Pattern.compile(".*/login/enrol$"));
            assertThat(page.locator("#logout")).hasCount(0);
            String secret = page.locator("#two-factor-secret").innerText().replace(" ", "");
            page.locator("#two-factor-code input").fill(code(secret));
            page.locator("#two-factor-enable").click();
            page.locator("#recovery-codes-done").click();
            page.locator("#recovery-codes-done").click();
            assertThat(page.locator("#logout")).isVisible();
            navigate("/account");
            assertThat(page.locator("#two-factor-status")).containsText("verlangt");
        } finally {
            assertThat(admin.call("DELETE", "/api/v1/admin/tenants/" + tenant)).isEqualTo(204);
        }
    }

    /** The app's code now (HMAC-SHA1, 6 digits, 30 s), from the key the page showed. */
    private static String code(String secret) throws Exception {
        var totp = new TimeBasedOneTimePasswordGenerator();
        var key = new SecretKeySpec(new Base32().decode(secret), totp.getAlgorithm());
        return totp.generateOneTimePasswordString(key, Instant.now(), Locale.ROOT);
    }

    private int basicTokenStatus(String user) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl + "/api/v1/tokens"))
                                .header("Authorization", "Basic " + basic)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
