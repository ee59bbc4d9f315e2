package org.vireo.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditSource;
import org.vireo.machines.MachineIncident;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.quotas.Usage;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.NotificationKind;
import org.vireo.security.NotificationPreferences;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Poll;
import org.vireo.support.TestSmtp;
import org.vireo.tenants.TenantService;
import org.vireo.traffic.TrafficAllowanceReached;

/**
 * Notification mails against a real SMTP server (GreenMail on loopback), read as they arrived: a sign-in from a new
 * address (not the first) in the language signed in with; a quota crossing 90 % to the tenant's admins only; a
 * machine incident to the tenant's users, not another tenant's; each switched off per user; nothing without a
 * confirmed address.
 */
@IntegrationTest
class NotificationsTest {
    private static final TestSmtp SMTP = new TestSmtp();
    private static final String PASSWORD = "notifications-password";

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        SMTP.register(registry);
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @Autowired
    AccountService accounts;

    @Autowired
    TenantService tenants;

    @Autowired
    NotificationPreferences preferences;

    @Autowired
    QuotaService quotas;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager txManager;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    private UUID tenant(String name) {
        return SystemActor.call(() -> tenants.create(name, null, AuditSource.SYSTEM))
                .id();
    }

    /** A user with a confirmed address {@code name@example.org} (or none). */
    private CurrentUser user(String name, Role role, UUID tenantId, boolean address) {
        SystemActor.run(() -> accounts.create(name, PASSWORD, role, tenantId, AuditSource.SYSTEM));
        var user = ((VireoPrincipal) accounts.loadUserByUsername(name)).currentUser();
        if (address) {
            jdbc.update(
                    "update user_account set email = ?, email_verified_at = current_timestamp where id = ?",
                    name + "@example.org",
                    user.id());
        }
        return user;
    }

    /** Waits for the {@code count}th mail to {@code address}; then a moment for any that should not come. */
    private static List<MimeMessage> mails(String address, int count) throws Exception {
        Poll.until(
                count + " mails to " + address,
                Duration.ofSeconds(10),
                () -> SMTP.to(address).size() >= count);
        Thread.sleep(1000);
        return SMTP.to(address);
    }

    private void signIn(String username, String address, String language) throws Exception {
        var login = mvc.perform(post("/login")
                        .param("username", username)
                        .param("password", PASSWORD)
                        .header("Accept-Language", language)
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr(address);
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn();
        var session = (MockHttpSession) login.getRequest().getSession(false);
        mvc.perform(get("/v3/api-docs")
                .session(session)
                .header("Accept-Language", language)
                .with(r -> {
                    r.setRemoteAddr(address);
                    return r;
                }));
    }

    @Test
    void aSignInFromANewAddressIsToldInTheLanguageSignedInWith() throws Exception {
        var tenantId = tenant("ntf-login-t");
        var user = user("ntf-login", Role.MEMBER, tenantId, true);
        String address = "ntf-login@example.org";
        signIn("ntf-login", "127.0.7.1", "de-DE"); // the first sign-in: nothing to compare with
        signIn("ntf-login", "127.0.7.1", "de-DE");
        assertThat(mails(address, 0)).isEmpty();
        signIn("ntf-login", "127.0.7.2", "de-DE");
        var mail = mails(address, 1);
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).getSubject()).isEqualTo("Vireo: Anmeldung von einer neuen Adresse");
        assertThat((String) mail.get(0).getContent()).contains("127.0.7.2").contains("Hallo ntf-login");
        signIn("ntf-login", "127.0.7.2", "en-US");
        assertThat(mails(address, 1)).hasSize(1);
        // switched off: a third address is not told
        Actors.as(user, () -> preferences.change(Map.of(NotificationKind.LOGIN, false), AuditSource.UI));
        assertThat(Actors.as(user, () -> preferences.mine()))
                .containsEntry(NotificationKind.LOGIN, false)
                .containsEntry(NotificationKind.MACHINE, true);
        signIn("ntf-login", "127.0.7.3", "en-US");
        assertThat(mails(address, 1)).hasSize(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from login_address where user_id = ?", Integer.class, user.id()))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("select locale from user_account where id = ?", String.class, user.id()))
                .isEqualTo("en");
    }

    @Test
    void aQuotaCrossingNinetyPercentIsToldToTheTenantsAdminsOnce() throws Exception {
        var tenantId = tenant("ntf-quota-t");
        user("ntf-quota-admin", Role.TENANT_ADMIN, tenantId, true);
        user("ntf-quota-member", Role.MEMBER, tenantId, true);
        user("ntf-quota-silent", Role.TENANT_ADMIN, tenantId, false);
        SystemActor.run(() -> quotas.setLimits(tenantId, 10, 100_000, 1000, 50, AuditSource.SYSTEM));
        var tx = new TransactionTemplate(txManager);
        var eight = new Usage(new Resources(8, 0, 0, 0), Resources.ZERO);
        tx.executeWithoutResult(s -> quotas.checkAndLock(tenantId, new Resources(1, 0, 0, 0), () -> eight));
        var mail = mails("ntf-quota-admin@example.org", 1);
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).getSubject()).isEqualTo("Vireo: quota nearly used (vCPU)");
        assertThat((String) mail.get(0).getContent()).contains("uses 9 of its 10 vCPU");
        assertThat(SMTP.to("ntf-quota-member@example.org")).isEmpty();
        // already at 90 %: not told again
        var nine = new Usage(new Resources(9, 0, 0, 0), Resources.ZERO);
        tx.executeWithoutResult(s -> quotas.checkAndLock(tenantId, new Resources(1, 0, 0, 0), () -> nine));
        assertThat(mails("ntf-quota-admin@example.org", 1)).hasSize(1);
    }

    @Test
    void machineIncidentsAndTrafficGoToTheTenantsUsersWhoWantThem() throws Exception {
        var tenantId = tenant("ntf-machine-t");
        var otherTenant = tenant("ntf-machine-o");
        user("ntf-m-admin", Role.TENANT_ADMIN, tenantId, true);
        var member = user("ntf-m-member", Role.MEMBER, tenantId, true);
        var optedOut = user("ntf-m-quiet", Role.MEMBER, tenantId, true);
        user("ntf-m-other", Role.TENANT_ADMIN, otherTenant, true);
        Actors.as(optedOut, () -> preferences.change(Map.of(NotificationKind.MACHINE, false), AuditSource.UI));

        events.publishEvent(new MachineIncident(UUID.randomUUID(), tenantId, "web-1", MachineIncident.Kind.CRASHED));
        var mail = mails("ntf-m-member@example.org", 1);
        assertThat(mail.get(0).getSubject()).isEqualTo("Vireo: machine web-1 crashed");
        assertThat((String) mail.get(0).getContent()).contains("http://portal.test/machines/");
        assertThat(mails("ntf-m-admin@example.org", 1)).hasSize(1);
        assertThat(SMTP.to("ntf-m-quiet@example.org")).isEmpty();
        assertThat(SMTP.to("ntf-m-other@example.org")).isEmpty();

        events.publishEvent(
                new MachineIncident(UUID.randomUUID(), tenantId, "web-2", MachineIncident.Kind.POWERED_OFF));
        assertThat(mails("ntf-m-member@example.org", 2).get(1).getSubject())
                .isEqualTo("Vireo: machine web-2 was powered off");

        events.publishEvent(new TrafficAllowanceReached(tenantId, YearMonth.of(2026, 12), 100, 10));
        var traffic = mails("ntf-m-admin@example.org", 3);
        assertThat(traffic.get(2).getSubject()).isEqualTo("Vireo: monthly traffic allowance reached");
        assertThat((String) traffic.get(2).getContent()).contains("100 GiB").contains("2026-12");
        assertThat(SMTP.to(member.username() + "@example.org")).hasSize(2); // traffic: tenant admins only
    }
}
