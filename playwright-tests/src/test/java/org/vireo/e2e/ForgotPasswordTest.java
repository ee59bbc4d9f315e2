package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Mail in the German UI against a real SMTP server (GreenMail, on loopback, started by this test; the portal is
 * started with VIREO_SMTP_* pointing at it): a member confirms their address by the mailed link, later forgets
 * their password, asks for a link on the sign-in page, sets a new password through it and signs in with it. A
 * tenant admin invites a member by mail in the English UI; the member joins through the link, and is signed out of
 * the page they have open the moment an operator removes them.
 */
class ForgotPasswordTest extends BrowserTest {
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/[a-z-]+\\?token=[A-Za-z0-9_-]+)");

    @Override
    protected VireoServer startServer() {
        try {
            SMTP.start();
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            return VireoServer.start(
                    "mail",
                    Files.createTempDirectory("vireo-mail"),
                    Map.of(
                            "VIREO_SMTP_HOST", "127.0.0.1",
                            "VIREO_SMTP_PORT", String.valueOf(SMTP.getSmtp().getPort()),
                            "VIREO_SMTP_SECURITY", "none",
                            "VIREO_SMTP_FROM", "vireo@portal.test",
                            "VIREO_PUBLIC_URL", "http://localhost:" + port),
                    port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.kill();
        }
        SMTP.stop();
    }

    /** The path and query of the link in the newest mail, once {@code count} mails have come. */
    private static String link(int count) throws Exception {
        assertThat(SMTP.waitForIncomingEmail(15_000, count))
                .as(count + " mails")
                .isTrue();
        var mails = SMTP.getReceivedMessages();
        var m = LINK.matcher((String) mails[mails.length - 1].getContent());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aMemberConfirmsTheAddressThenSetsAForgottenPasswordByLink() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String tenant = Api.field(admin.post("/api/v1/admin/tenants", "{\"name\":\"mail-tenant\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"mail-member\",\"password\":\"first-mail-password\",\"role\":\"MEMBER\"}",
                201);
        // counted from here: the other test may have run first and sent its own mails
        int mails = SMTP.getReceivedMessages().length;
        open("de-DE");
        login("mail-member", "first-mail-password", "Benutzername", "Passwort", "Anmelden");
        navigate("/account");
        assertThat(page.locator("#email-status")).containsText("keine bestätigte");
        page.locator("#email-address input").fill("Mail.Member@Example.org");
        page.locator("#email-send").click();
        assertThat(successNotice()).containsText("Link");
        navigate(link(mails + 1));
        // opening the link confirms nothing yet (a mail scanner may open it): the button does
        assertThat(page.locator("#confirm-email-result")).containsText("bestätigen?");
        navigate("/account");
        assertThat(page.locator("#email-status")).containsText("keine bestätigte");
        navigate(link(mails + 1));
        page.locator("#confirm-email").click();
        assertThat(page.locator("#confirm-email-result")).containsText("ist jetzt Ihre bestätigte Adresse");
        assertThat(page.locator("#confirm-email-result")).containsText("mail.member@example.org");
        navigate("/account");
        assertThat(page.locator("#email-status")).containsText("mail.member@example.org");
        page.locator("#logout").click();
        assertThat(page.locator("#login-form")).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Passwort vergessen?"))
                .click();
        assertThat(page).hasURL(Pattern.compile(".*/forgot-password$"));
        page.locator("#forgot-who input").fill("mail.member@example.org");
        page.locator("#forgot-send").click();
        assertThat(page.locator("#forgot-sent")).isVisible();
        navigate(link(mails + 2));
        page.locator("#new-password input").fill("second-mail-password");
        page.locator("#repeat-password input").fill("second-mail-password");
        page.locator("#reset-save").click();
        assertThat(page.locator("#reset-result")).containsText("Passwort wurde geändert");

        login("mail-member", "second-mail-password", "Benutzername", "Passwort", "Anmelden");
        assertThat(page.locator("#logout")).isVisible();
        assertThat(admin.call("DELETE", "/api/v1/admin/tenants/" + tenant)).isEqualTo(204);
    }

    @Test
    void anInvitedMemberJoinsByTheLinkAndIsSignedOutWhenRemoved() throws Exception {
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        String tenant = Api.field(
                admin.post("/api/v1/admin/tenants", "{\"name\":\"team\",\"displayName\":\"Team Blue\"}", 201), "id");
        admin.post(
                "/api/v1/admin/tenants/" + tenant + "/users",
                "{\"username\":\"team-admin\",\"password\":\"team-admin-password\",\"role\":\"TENANT_ADMIN\"}",
                201);
        open("en-US");
        loginEnglish("team-admin", "team-admin-password");
        navigate("/users");
        int mails = SMTP.getReceivedMessages().length;
        page.locator("#invite-email input").fill("Newcomer@Example.org");
        page.locator("#invite").click();
        assertThat(successNotice()).containsText("newcomer@example.org");
        assertThat(page.locator("#invitations-grid")).containsText("newcomer@example.org");
        page.locator("#logout").click();
        assertThat(page.locator("#login-form")).isVisible();

        String invitation = link(mails + 1);
        assertThat(invitation).startsWith("/join?token=");
        navigate(invitation);
        assertThat(page.locator("#join-offer")).containsText("Team Blue");
        assertThat(page.locator("#join-offer")).containsText("newcomer@example.org");
        page.locator("#join-username input").fill("newcomer");
        page.locator("#join-password input").fill("newcomer-password");
        page.locator("#join-repeat input").fill("another-password");
        page.locator("#join").click();
        assertThat(page.locator("#join-repeat")).hasAttribute("invalid", "");
        page.locator("#join-repeat input").fill("newcomer-password");
        page.locator("#join").click();
        assertThat(page.locator("#join-result")).containsText("Welcome, newcomer");
        // the link is spent
        navigate(invitation);
        assertThat(page.locator("#join-result")).containsText("not valid");

        loginEnglish("newcomer", "newcomer-password");
        assertThat(page.locator("#logout")).isVisible();
        var user = Pattern.compile("\"id\":\"([^\"]+)\",\"username\":\"newcomer\",\"role\":\"MEMBER\"")
                .matcher(admin.get("/api/v1/users?tenant=" + tenant));
        assertThat(user.find()).isTrue();
        String id = user.group(1);
        assertThat(admin.call("DELETE", "/api/v1/users/" + id)).isEqualTo(204);
        // the open page is signed out at its next step
        page.locator("vaadin-side-nav-item")
                .filter(new Locator.FilterOptions().setHasText("Machines"))
                .first()
                .click();
        assertThat(page.locator("#login-form")).isVisible();
        loginEnglish("newcomer", "newcomer-password");
        assertThat(page.locator("#logout")).hasCount(0);
    }
}
