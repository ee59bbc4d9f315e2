package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.TestSmtp;
import org.vireo.tenants.TenantService;

/**
 * Invitations against a real SMTP server (GreenMail on loopback): a tenant admin's invitation mails a link in the
 * asked language; following it once makes an account of that tenant and role with the address confirmed; links are
 * good once, until they expire, are withdrawn or replaced; nobody invites into another tenant. And a removed or
 * re-roled user's browser sessions end at once, and their API tokens lose what the account lost.
 */
@IntegrationTest
class InvitationsTest {
    private static final TestSmtp SMTP = new TestSmtp();
    private static final String PASSWORD = "invitations-password";
    private static final Pattern LINK = Pattern.compile("http://portal\\.test/join\\?token=([A-Za-z0-9_-]+)");

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        SMTP.register(registry);
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @Autowired
    Invitations invitations;

    @Autowired
    AccountService accounts;

    @Autowired
    EmailAddresses addresses;

    @Autowired
    TenantService tenants;

    @Autowired
    SignedInSessions sessions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    private CurrentUser user(String name, Role role, UUID tenantId) {
        SystemActor.run(() -> accounts.create(name, PASSWORD, role, tenantId, AuditSource.SYSTEM));
        return ((VireoPrincipal) accounts.loadUserByUsername(name)).currentUser();
    }

    private CurrentUser tenantAdmin(String name) {
        var tenant = SystemActor.call(() -> tenants.create(name + "-t", "Team " + name, AuditSource.SYSTEM));
        return user(name, Role.TENANT_ADMIN, tenant.id());
    }

    /** The token of the last invitation mailed to {@code address}, checking its subject. */
    private static String mailed(String address, String subject) throws Exception {
        SMTP.waitFor(5000, 1);
        var mails = SMTP.to(address);
        assertThat(mails).isNotEmpty();
        var mail = mails.get(mails.size() - 1);
        assertThat(mail.getSubject()).isEqualTo(subject);
        var m = LINK.matcher((String) mail.getContent());
        assertThat(m.find()).as("a link in " + mail.getContent()).isTrue();
        return m.group(1);
    }

    private int mailsTo(String address) {
        return SMTP.to(address).size();
    }

    @Test
    void anInvitationMakesAnAccountOfTheTenantInItsRoleOnce() throws Exception {
        var admin = tenantAdmin("inv-admin");
        var view = Actors.as(
                admin,
                () -> invitations.invite(
                        null, "New.Person@Example.org", Role.TENANT_ADMIN, Locale.GERMAN, AuditSource.UI));
        assertThat(view.email()).isEqualTo("new.person@example.org");
        assertThat(view.tenantId()).isEqualTo(admin.tenantId());
        String token = mailed("new.person@example.org", "Vireo: Sie sind eingeladen");
        assertThat(Actors.as(admin, () -> invitations.open(admin.tenantId())))
                .extracting(InvitationView::email)
                .containsExactly("new.person@example.org");

        // the page shows the offer first, without spending the link
        var offer = invitations.offer(token).orElseThrow();
        assertThat(offer.tenantName()).isEqualTo("Team inv-admin");
        assertThat(offer.role()).isEqualTo(Role.TENANT_ADMIN);
        assertThat(invitations.offer(token)).isPresent();

        // bad choices change nothing and leave the link good
        assertThatThrownBy(() -> invitations.accept(token, "inv-admin", "a-good-password"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> invitations.accept(token, "Not A Name", "a-good-password"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> invitations.accept(token, "inv-new", "short"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(accounts.exists("inv-new")).isFalse();

        var account = invitations.accept(token, "inv-new", "a-good-password");
        assertThat(account.role()).isEqualTo(Role.TENANT_ADMIN);
        assertThat(account.tenantId()).isEqualTo(admin.tenantId());
        var joined = ((VireoPrincipal) accounts.loadUserByUsername("inv-new")).currentUser();
        assertThat(Actors.as(joined, () -> addresses.mine())).hasValue("new.person@example.org");
        mvc.perform(post("/login")
                        .param("username", "inv-new")
                        .param("password", "a-good-password")
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr("127.0.5.1");
                            return r;
                        }))
                .andExpect(redirectedUrl("/"));

        // once only
        assertThat(invitations.offer(token)).isEmpty();
        assertThatThrownBy(() -> invitations.accept(token, "inv-again", "a-good-password"))
                .isInstanceOf(ConflictException.class);
        assertThat(accounts.exists("inv-again")).isFalse();
        assertThat(Actors.as(admin, () -> invitations.open(admin.tenantId()))).isEmpty();
        assertThat(jdbc.queryForList(
                        "select action from audit_event where tenant_id = ? and action like 'account.invite%'",
                        String.class, admin.tenantId()))
                .contains("account.invite", "account.invite.accept");
    }

    @Test
    void nobodyInvitesIntoAnotherTenantOrAsOperator() {
        var admin = tenantAdmin("inv-own");
        var other = tenantAdmin("inv-other");
        var member = user("inv-member", Role.MEMBER, admin.tenantId());
        assertThatThrownBy(() -> Actors.as(
                        admin,
                        () -> invitations.invite(
                                other.tenantId(), "x@example.org", Role.MEMBER, Locale.ENGLISH, AuditSource.API)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Actors.as(
                        member,
                        () -> invitations.invite(null, "x@example.org", Role.MEMBER, Locale.ENGLISH, AuditSource.API)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Actors.as(
                        admin,
                        () -> invitations.invite(null, "x@example.org", Role.ADMIN, Locale.ENGLISH, AuditSource.API)))
                .isInstanceOf(InvalidInputException.class);
        for (String bad : new String[] {"", "no-at-sign", "a@example.org\r\nBcc: victim@example.org"}) {
            assertThatThrownBy(() -> Actors.as(
                            admin, () -> invitations.invite(null, bad, Role.MEMBER, Locale.ENGLISH, AuditSource.API)))
                    .as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> Actors.as(admin, () -> invitations.open(other.tenantId())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(mailsTo("x@example.org")).isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from invitation where tenant_id in (?, ?)",
                        Integer.class,
                        admin.tenantId(),
                        other.tenantId()))
                .isZero();

        // an operator names the tenant; another tenant's admin cannot withdraw it
        var view = SystemActor.call(() -> invitations.invite(
                other.tenantId(), "op-invited@example.org", Role.MEMBER, Locale.ENGLISH, AuditSource.API));
        assertThatThrownBy(() -> Actors.as(admin, () -> invitations.revoke(view.id(), AuditSource.API)))
                .isInstanceOf(NotFoundException.class);
        Actors.as(other, () -> invitations.revoke(view.id(), AuditSource.API));
        assertThat(Actors.as(other, () -> invitations.open(other.tenantId()))).isEmpty();
    }

    @Test
    void withdrawnReplacedAndExpiredLinksAreNoGood() throws Exception {
        var admin = tenantAdmin("inv-links");
        Actors.as(
                admin,
                () -> invitations.invite(null, "links@example.org", Role.MEMBER, Locale.ENGLISH, AuditSource.UI));
        String first = mailed("links@example.org", "Vireo: you are invited");
        // a second one within the minute: refused, nothing sent
        assertThatThrownBy(() -> Actors.as(
                        admin,
                        () -> invitations.invite(
                                null, "links@example.org", Role.MEMBER, Locale.ENGLISH, AuditSource.UI)))
                .isInstanceOf(ConflictException.class);
        assertThat(mailsTo("links@example.org")).isEqualTo(1);
        // a minute later a new one replaces it
        String second = inviteAgainAMinuteLater(admin, "links@example.org");
        assertThat(second).isNotEqualTo(first);
        assertThat(invitations.offer(first)).isEmpty();
        assertThat(invitations.offer(second)).isPresent();
        assertThat(Actors.as(admin, () -> invitations.open(admin.tenantId()))).hasSize(1);

        // withdrawn
        var open = Actors.as(admin, () -> invitations.open(admin.tenantId()));
        Actors.as(admin, () -> invitations.revoke(open.get(0).id(), AuditSource.UI));
        assertThatThrownBy(() -> invitations.accept(second, "inv-withdrawn", "a-good-password"))
                .isInstanceOf(ConflictException.class);

        // expired
        String third = inviteAgainAMinuteLater(admin, "links@example.org");
        jdbc.update("update invitation set expires_at = created_at where tenant_id = ?", admin.tenantId());
        assertThat(invitations.offer(third)).isEmpty();
        assertThatThrownBy(() -> invitations.accept(third, "inv-expired", "a-good-password"))
                .isInstanceOf(ConflictException.class);
        assertThat(accounts.exists("inv-expired")).isFalse();
        assertThat(invitations.offer("x".repeat(500))).isEmpty();
    }

    /** Invites {@code address} again as if the last invitation were two minutes old; the new link's token. */
    private String inviteAgainAMinuteLater(CurrentUser admin, String address) throws Exception {
        jdbc.update(
                "update invitation set created_at = created_at - interval '2' minute where tenant_id = ?",
                admin.tenantId());
        Actors.as(admin, () -> invitations.invite(null, address, Role.MEMBER, Locale.ENGLISH, AuditSource.UI));
        SMTP.waitFor(5000, mailsTo(address) + 1);
        return mailed(address, "Vireo: you are invited");
    }

    /** Signs in with a password: the browser session (a request outside Vaadin's servlet then makes it known). */
    private MockHttpSession signedIn(String username, String address) throws Exception {
        var login = mvc.perform(post("/login")
                        .param("username", username)
                        .param("password", PASSWORD)
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr(address);
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn();
        return (MockHttpSession) login.getRequest().getSession(false);
    }

    @Test
    void aRemovedOrReRoledUsersSessionsEndAtOnce() throws Exception {
        var admin = tenantAdmin("ses-admin");
        var removed = user("ses-removed", Role.MEMBER, admin.tenantId());
        var promoted = user("ses-promoted", Role.MEMBER, admin.tenantId());
        var kept = user("ses-kept", Role.MEMBER, admin.tenantId());

        var removedSession = signedIn("ses-removed", "127.0.6.1");
        var promotedSession = signedIn("ses-promoted", "127.0.6.2");
        var keptSession = signedIn("ses-kept", "127.0.6.3");
        for (var s : new MockHttpSession[] {removedSession, promotedSession, keptSession}) {
            mvc.perform(get("/v3/api-docs").session(s));
        }
        assertThat(sessions.count(removed.id())).isEqualTo(1);

        Actors.as(admin, () -> accounts.remove(removed.id(), AuditSource.UI));
        Actors.as(admin, () -> accounts.changeRole(promoted.id(), Role.TENANT_ADMIN, AuditSource.UI));
        assertThat(removedSession.isInvalid()).isTrue();
        assertThat(promotedSession.isInvalid()).isTrue();
        assertThat(keptSession.isInvalid()).isFalse();
        assertThat(sessions.count(removed.id())).isZero();

        // changed by another portal node (here: in the database): the sweep ends the session within seconds
        jdbc.update("update user_account set role = 'TENANT_ADMIN' where id = ?", kept.id());
        sessions.sweep();
        assertThat(keptSession.isInvalid()).isTrue();
        assertThat(sessions.count(kept.id())).isZero();

        // signed in, removed before its first request: that request ends it
        var late = user("ses-late", Role.MEMBER, admin.tenantId());
        var lateSession = signedIn("ses-late", "127.0.6.4");
        Actors.as(admin, () -> accounts.remove(late.id(), AuditSource.UI));
        mvc.perform(get("/v3/api-docs").session(lateSession));
        assertThat(lateSession.isInvalid()).isTrue();
    }

    @Test
    void aRemovedUsersTokenIsRefusedAndADemotedAdminsTokenLosesAdminRightsAtOnce() throws Exception {
        var admin = tenantAdmin("tok-admin");
        var removed = user("tok-removed", Role.MEMBER, admin.tenantId());
        var demoted = user("tok-demoted", Role.TENANT_ADMIN, admin.tenantId());
        String removedToken = token("tok-removed");
        String demotedToken = token("tok-demoted");
        String twoFactor = "/api/v1/tenants/" + admin.tenantId() + "/two-factor";
        assertThat(status(removedToken, "/api/v1/machines")).isEqualTo(200);
        assertThat(status(demotedToken, "/api/v1/users")).isEqualTo(200);
        assertThat(status(demotedToken, twoFactor)).isEqualTo(200);

        Actors.as(admin, () -> accounts.remove(removed.id(), AuditSource.UI));
        Actors.as(admin, () -> accounts.changeRole(demoted.id(), Role.MEMBER, AuditSource.UI));
        assertThat(status(removedToken, "/api/v1/machines")).isEqualTo(401);
        assertThat(status(demotedToken, "/api/v1/users")).isEqualTo(403);
        assertThat(status(demotedToken, twoFactor)).isEqualTo(403);
        assertThat(status(demotedToken, "/api/v1/machines"))
                .as("still a member")
                .isEqualTo(200);
    }

    /** An API token issued over REST with the user's password. */
    private String token(String username) throws Exception {
        var response = mvc.perform(post("/api/v1/tokens").with(httpBasic(username, PASSWORD)))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
        return new ObjectMapper()
                .readTree(response.getContentAsString())
                .get("token")
                .asText();
    }

    private int status(String token, String path) throws Exception {
        return mvc.perform(get(path).header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse()
                .getStatus();
    }
}
