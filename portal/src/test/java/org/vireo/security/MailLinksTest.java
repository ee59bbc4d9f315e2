package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.TestSmtp;
import org.vireo.tenants.TenantService;

/**
 * Mailed links against a real SMTP server (GreenMail on loopback), reading the messages it received: an address is
 * a user's once its link is followed, links are good once, "forgot password" answers alike for unknown users and
 * mails a working link to a confirmed address, in the language of the user's last sign-in (else the browser's).
 */
@IntegrationTest
class MailLinksTest {
    private static final TestSmtp SMTP = new TestSmtp();
    private static final String PASSWORD = "mail-links-password";
    private static final Pattern LINK = Pattern.compile("http://portal\\.test(/[a-z-]+)\\?token=([A-Za-z0-9_-]+)");

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        SMTP.register(registry);
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @Autowired
    EmailAddresses addresses;

    @Autowired
    PasswordResets resets;

    @Autowired
    AccountService accounts;

    @Autowired
    TenantService tenants;

    @Autowired
    LoginAddresses logins;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    private CurrentUser member(String name) {
        var tenant = SystemActor.call(() -> tenants.create(name + "-t", null, AuditSource.SYSTEM));
        SystemActor.run(() -> accounts.create(name, PASSWORD, Role.MEMBER, tenant.id(), AuditSource.SYSTEM));
        return ((VireoPrincipal) accounts.loadUserByUsername(name)).currentUser();
    }

    /** The mails to {@code address} so far. */
    private static MimeMessage[] to(String address) throws Exception {
        return to(address, 1);
    }

    /** The mails to {@code address}, once there are {@code count} (or 5 s have passed: the ones there are). */
    private static MimeMessage[] to(String address, int count) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (SMTP.to(address).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return SMTP.to(address).toArray(MimeMessage[]::new);
    }

    /** The token of the link in {@code message}, checking the page it leads to. */
    private static String token(MimeMessage message, String page) throws Exception {
        var m = LINK.matcher((String) message.getContent());
        assertThat(m.find()).as("a link in " + message.getContent()).isTrue();
        assertThat(m.group(1)).isEqualTo(page);
        return m.group(2);
    }

    private String confirmed(CurrentUser user, String address) throws Exception {
        Actors.as(user, () -> addresses.requestConfirmation(address, Locale.GERMAN, AuditSource.UI));
        var mails = to(address.toLowerCase(Locale.ROOT));
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("Vireo: Bestätigen Sie Ihre E-Mail-Adresse");
        assertThat((String) mails[0].getContent()).contains("Hallo " + user.username());
        return token(mails[0], "/confirm-email");
    }

    @Test
    void anAddressIsTheUsersOnceTheMailedLinkIsFollowedOnce() throws Exception {
        var user = member("ml-confirm");
        String token = confirmed(user, "ML-Confirm@Example.org");
        assertThat(Actors.as(user, () -> addresses.mine())).isEmpty();
        // the page shows the address first; only its button spends the link
        assertThat(addresses.pending(token)).hasValue("ml-confirm@example.org");
        assertThat(addresses.pending(token)).hasValue("ml-confirm@example.org");
        assertThat(addresses.confirm(token)).hasValue("ml-confirm@example.org");
        assertThat(addresses.pending(token)).isEmpty();
        assertThat(Actors.as(user, () -> addresses.mine())).hasValue("ml-confirm@example.org");
        assertThat(addresses.confirm(token)).isEmpty();
        assertThat(addresses.confirm("not-a-token")).isEmpty();
        // a second link within a minute: refused, nothing sent
        assertThatThrownBy(() -> Actors.as(
                        user, () -> addresses.requestConfirmation("other@example.org", Locale.GERMAN, AuditSource.UI)))
                .isInstanceOf(ConflictException.class);
        assertThat(to("other@example.org")).isEmpty();
    }

    @Test
    void malformedAddressesAreRefusedAndNothingIsSent() throws Exception {
        var user = member("ml-bad");
        for (String bad : new String[] {
            "",
            "no-at-sign",
            "a@b",
            "a b@example.org",
            "x@" + "y".repeat(250) + ".org",
            "a@example.org\r\nBcc: victim@example.org"
        }) {
            assertThatThrownBy(() ->
                            Actors.as(user, () -> addresses.requestConfirmation(bad, Locale.ENGLISH, AuditSource.UI)))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThat(jdbc.queryForObject("select count(*) from account_link where user_id = ?", Integer.class, user.id()))
                .isZero();
    }

    @Test
    void anAddressBelongsToOneAccount() throws Exception {
        var first = member("ml-first");
        var second = member("ml-second");
        String one = confirmed(first, "shared@example.org");
        Actors.as(second, () -> addresses.requestConfirmation("shared@example.org", Locale.GERMAN, AuditSource.UI));
        SMTP.waitFor(5000, 2);
        var mails = to("shared@example.org");
        String two = token(mails[mails.length - 1], "/confirm-email");
        assertThat(addresses.confirm(one)).hasValue("shared@example.org");
        assertThatThrownBy(() -> addresses.confirm(two)).isInstanceOf(ConflictException.class);
        assertThat(Actors.as(second, () -> addresses.mine())).isEmpty();
    }

    @Test
    void forgotPasswordMailsAWorkingLinkOnlyToAConfirmedAddress() throws Exception {
        var user = member("ml-reset");
        int before = SMTP.received().length;
        resets.request("ml-reset", Locale.ENGLISH, "127.0.4.1"); // no confirmed address yet
        resets.request("nobody-here", Locale.ENGLISH, "127.0.4.1");
        resets.request("nobody@example.org", Locale.ENGLISH, "127.0.4.1");
        Thread.sleep(500);
        assertThat(SMTP.received()).hasSize(before);

        addresses.confirm(confirmed(user, "ml-reset@example.org"));
        resets.request("ML-Reset@example.org", Locale.ENGLISH, "127.0.4.1");
        var mails = to("ml-reset@example.org", 2); // the confirmation, then the link (sent in the background)
        var mail = mails[mails.length - 1];
        assertThat(mail.getSubject()).isEqualTo("Vireo: set a new password");
        assertThat((String) mail.getContent()).contains("within 30 minutes");
        String token = token(mail, "/reset-password");
        assertThat(resets.usernameFor(token)).hasValue("ml-reset");

        assertThatThrownBy(() -> resets.reset(token, "short")).isInstanceOf(InvalidInputException.class);
        resets.reset(token, "a-new-mail-password");
        mvc.perform(post("/login")
                        .param("username", "ml-reset")
                        .param("password", "a-new-mail-password")
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr("127.0.4.2");
                            return r;
                        }))
                .andExpect(redirectedUrl("/"));
        assertThatThrownBy(() -> resets.reset(token, "another-mail-password")).isInstanceOf(ConflictException.class);
        assertThat(resets.usernameFor(token)).isEmpty();
    }

    @Test
    void anExpiredPasswordLinkIsNoGood() throws Exception {
        var user = member("ml-expired");
        addresses.confirm(confirmed(user, "ml-expired@example.org"));
        resets.request("ml-expired", Locale.GERMAN, "127.0.4.3");
        var mails = to("ml-expired@example.org", 2);
        var mail = mails[mails.length - 1];
        assertThat(mail.getSubject()).isEqualTo("Vireo: Neues Passwort setzen");
        String token = token(mail, "/reset-password");
        jdbc.update(
                "update account_link set expires_at = created_at where user_id = ? and purpose = 'RESET_PASSWORD'",
                user.id());
        assertThat(resets.usernameFor(token)).isEmpty();
        assertThatThrownBy(() -> resets.reset(token, "a-new-mail-password")).isInstanceOf(ConflictException.class);
    }

    @Test
    void forgotPasswordMailsInTheLanguageOfTheLastSignInNotTheAskingBrowsers() throws Exception {
        var user = member("ml-german");
        addresses.confirm(confirmed(user, "ml-german@example.org"));
        logins.signedIn(user, "127.0.4.4", Locale.GERMAN);
        resets.request("ml-german", Locale.ENGLISH, "127.0.4.4");
        var mails = to("ml-german@example.org", 2);
        var mail = mails[mails.length - 1];
        assertThat(mail.getSubject()).isEqualTo("Vireo: Neues Passwort setzen");
        assertThat((String) mail.getContent()).contains("Hallo ml-german").contains("innerhalb von 30 Minuten");
        token(mail, "/reset-password");
    }
}
