package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.security.SecondFactorLogin.Outcome;
import org.vireo.security.internal.Totp;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.tenants.TenantService;

/**
 * Two-factor sign-in end to end through Spring Security (MockMvc, no traffic): enrolment, the password step parking
 * the sign-in, the code step signing in, codes good once, recovery codes, throttling, HTTP Basic token issue
 * refused, the operator's reset. Each test has its own user.
 */
@IntegrationTest
class TwoFactorLoginTest {
    private static final String PASSWORD = "second-factor-password";

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Autowired
    TwoFactorService twoFactor;

    @Autowired
    SecondFactorLogin secondFactor;

    @Autowired
    TenantService tenants;

    @Autowired
    AuditLog audit;

    private record Enrolled(CurrentUser user, String secret, List<String> recoveryCodes) {}

    /** A new member of a new tenant with two-factor sign-in on. */
    private Enrolled enrolled(String name) {
        var user = member(name);
        var enrolment = Actors.as(user, () -> twoFactor.begin());
        assertThat(enrolment.uri()).startsWith("otpauth://totp/Vireo:" + name + "?secret=" + enrolment.secret());
        assertThat(enrolment.qrDataUrl()).startsWith("data:image/svg+xml;base64,");
        var codes = Actors.as(
                user,
                () -> twoFactor.enable(
                        enrolment.secret(), Totp.code(enrolment.secret(), Instant.now()), AuditSource.UI));
        return new Enrolled(user, enrolment.secret(), codes);
    }

    private CurrentUser member(String name) {
        var tenant = SystemActor.call(() -> tenants.create(name + "-t", null, AuditSource.SYSTEM));
        SystemActor.run(() -> accounts.create(name, PASSWORD, Role.MEMBER, tenant.id(), AuditSource.SYSTEM));
        return ((VireoPrincipal) accounts.loadUserByUsername(name)).currentUser();
    }

    /** The password step from {@code ip}: its session, with the sign-in parked or not. */
    private MockHttpSession password(String name, String ip) throws Exception {
        var result = mvc.perform(post("/login")
                        .param("username", name)
                        .param("password", PASSWORD)
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr(ip);
                            return r;
                        }))
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login/code");
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private Outcome code(MockHttpSession session, String code, String ip) {
        var request = new MockHttpServletRequest();
        request.setSession(session);
        request.setRemoteAddr(ip);
        return secondFactor.complete(request, new MockHttpServletResponse(), code);
    }

    private static boolean signedIn(MockHttpSession session) {
        return session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) != null;
    }

    @Test
    void enrolmentNeedsTheAppsCodeAndGivesTenSingleUseRecoveryCodes() {
        var user = member("tf-enrol");
        var enrolment = Actors.as(user, () -> twoFactor.begin());
        assertThatThrownBy(() -> Actors.as(user, () -> twoFactor.enable(enrolment.secret(), "000000", AuditSource.UI)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(Actors.as(user, () -> twoFactor.enabled())).isFalse();

        var codes = Actors.as(
                user,
                () -> twoFactor.enable(
                        enrolment.secret(), Totp.code(enrolment.secret(), Instant.now()), AuditSource.UI));
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        assertThat(Actors.as(user, () -> twoFactor.enabled())).isTrue();
        assertThat(Actors.as(user, () -> twoFactor.recoveryCodesLeft())).isEqualTo(10);
        assertThat(SystemActor.call(() -> accounts.listTenantAccounts(user.tenantId()))
                        .get(0)
                        .twoFactor())
                .isTrue();
        assertThat(audit.recent(null, 50))
                .anySatisfy(e -> assertThat(e.action() + " " + e.actor()).isEqualTo("account.2fa.enable tf-enrol"));
    }

    @Test
    void theRightPasswordAloneDoesNotSignInTheCodeDoes() throws Exception {
        var user = enrolled("tf-login");
        var session = password("tf-login", "127.0.2.1");
        assertThat(signedIn(session)).isFalse();
        assertThat(code(session, "000000", "127.0.2.1")).isEqualTo(Outcome.WRONG_CODE);
        assertThat(signedIn(session)).isFalse();

        // the code of the next time step: the enrolment used the current one, and a code is good once
        String next = Totp.code(user.secret(), Instant.now().plusSeconds(30));
        assertThat(code(session, next, "127.0.2.1")).isEqualTo(Outcome.SIGNED_IN);
        assertThat(signedIn(session)).isTrue();

        // the same code again, in a new sign-in: refused
        var again = password("tf-login", "127.0.2.1");
        assertThat(code(again, next, "127.0.2.1")).isEqualTo(Outcome.WRONG_CODE);
        assertThat(audit.recent(null, 50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("login.second-factor");
            assertThat(e.actor()).isEqualTo("tf-login");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });
    }

    @Test
    void aRecoveryCodeSignsInOnce() throws Exception {
        var user = enrolled("tf-recovery");
        String recovery = user.recoveryCodes().get(3).toUpperCase();
        var session = password("tf-recovery", "127.0.2.2");
        assertThat(code(session, recovery, "127.0.2.2")).isEqualTo(Outcome.SIGNED_IN);
        var again = password("tf-recovery", "127.0.2.2");
        assertThat(code(again, recovery, "127.0.2.2")).isEqualTo(Outcome.WRONG_CODE);
        assertThat(Actors.as(user.user(), () -> twoFactor.recoveryCodesLeft())).isEqualTo(9);
    }

    @Test
    void wrongCodesAreThrottledPerUserFromAnyAddress() throws Exception {
        var user = enrolled("tf-throttle");
        for (int i = 0; i < 3; i++) {
            // a new address each time: the count is the user's
            var session = password("tf-throttle", "127.0.3." + i);
            assertThat(code(session, "11111" + i, "127.0.3." + i)).isEqualTo(Outcome.WRONG_CODE);
        }
        var session = password("tf-throttle", "127.0.3.9");
        String right = Totp.code(user.secret(), Instant.now().plusSeconds(30));
        assertThat(code(session, right, "127.0.3.9")).isEqualTo(Outcome.THROTTLED);
        assertThat(signedIn(session)).isFalse();
    }

    @Test
    void aTenantThatRequiresItSendsItsUsersToSetItUpAtSignIn() throws Exception {
        var user = member("tf-required");
        SystemActor.run(() ->
                accounts.create("tf-required-admin", PASSWORD, Role.TENANT_ADMIN, user.tenantId(), AuditSource.SYSTEM));
        var tenantAdmin = ((VireoPrincipal) accounts.loadUserByUsername("tf-required-admin")).currentUser();
        var stranger = member("tf-stranger");
        assertThatThrownBy(() ->
                        Actors.as(stranger, () -> twoFactor.requireForTenant(user.tenantId(), true, AuditSource.UI)))
                .isInstanceOf(AccessDeniedException.class);
        Actors.as(tenantAdmin, () -> twoFactor.requireForTenant(user.tenantId(), true, AuditSource.UI));
        assertThat(Actors.as(tenantAdmin, () -> twoFactor.requiredForTenant(user.tenantId())))
                .isTrue();
        // required but not set up yet: the password alone issues no token either
        mvc.perform(post("/api/v1/tokens").with(httpBasic("tf-required", PASSWORD)))
                .andExpect(status().isForbidden());

        var result = mvc.perform(post("/login")
                        .param("username", "tf-required")
                        .param("password", PASSWORD)
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr("127.0.2.6");
                            return r;
                        }))
                .andExpect(redirectedUrl("/login/enrol"))
                .andReturn();
        var session = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(signedIn(session)).isFalse();
        var request = new MockHttpServletRequest();
        request.setSession(session);
        var enrolment = secondFactor.beginEnrolment(request).orElseThrow();
        assertThatThrownBy(() -> secondFactor.enrol(request, new MockHttpServletResponse(), enrolment.secret(), "1"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(signedIn(session)).isFalse();
        var codes = secondFactor.enrol(
                request,
                new MockHttpServletResponse(),
                enrolment.secret(),
                Totp.code(enrolment.secret(), Instant.now()));
        assertThat(codes).hasValueSatisfying(c -> assertThat(c).hasSize(10));
        assertThat(signedIn(session)).isTrue();

        // required: it stays on; once optional it can be turned off
        String code = Totp.code(enrolment.secret(), Instant.now().plusSeconds(30));
        assertThatThrownBy(() -> Actors.as(user, () -> {
                    twoFactor.disable(code, AuditSource.UI);
                    return null;
                }))
                .isInstanceOf(ConflictException.class);
        Actors.as(tenantAdmin, () -> twoFactor.requireForTenant(user.tenantId(), false, AuditSource.UI));
        Actors.as(user, () -> twoFactor.disable(code, AuditSource.UI));
        assertThat(audit.recent(null, 80))
                .anySatisfy(e ->
                        assertThat(e.action() + " " + e.actor()).isEqualTo("tenant.2fa.require tf-required-admin"));
    }

    @Test
    void noCodeStepWithoutAPasswordFirst() {
        var request = new MockHttpServletRequest();
        request.setSession(new MockHttpSession());
        assertThat(secondFactor.complete(request, new MockHttpServletResponse(), "123456"))
                .isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void usersWithoutTwoFactorSignInWithThePasswordAlone() throws Exception {
        member("tf-none");
        mvc.perform(post("/login")
                        .param("username", "tf-none")
                        .param("password", PASSWORD)
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr("127.0.2.4");
                            return r;
                        }))
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void httpBasicTokenIssueIsRefusedForTwoFactorUsers() throws Exception {
        enrolled("tf-basic");
        var refused = mvc.perform(post("/api/v1/tokens").with(httpBasic("tf-basic", PASSWORD)))
                .andExpect(status().isForbidden())
                .andReturn();
        assertThat(refused.getResponse().getContentAsString()).contains("API tokens");
        member("tf-basic-none");
        mvc.perform(post("/api/v1/tokens").with(httpBasic("tf-basic-none", PASSWORD)))
                .andExpect(status().isCreated());
    }

    @Test
    void operatorsResetAndUsersTurnItOffWithACode() throws Exception {
        var user = enrolled("tf-reset");
        var admin = ((VireoPrincipal) accounts.loadUserByUsername("admin")).currentUser();
        assertThatThrownBy(() ->
                        Actors.as(user.user(), () -> twoFactor.reset(user.user().id(), AuditSource.UI)))
                .isInstanceOf(AccessDeniedException.class);
        // one's own second factor goes off only with a code
        assertThatThrownBy(() -> Actors.as(admin, () -> twoFactor.reset(admin.id(), AuditSource.UI)))
                .isInstanceOf(ConflictException.class);
        Actors.as(admin, () -> twoFactor.reset(user.user().id(), AuditSource.UI));
        assertThat(Actors.as(user.user(), () -> twoFactor.enabled())).isFalse();
        assertThat(Actors.as(user.user(), () -> twoFactor.recoveryCodesLeft())).isZero();
        mvc.perform(post("/login")
                        .param("username", "tf-reset")
                        .param("password", PASSWORD)
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr("127.0.2.5");
                            return r;
                        }))
                .andExpect(redirectedUrl("/"));

        var again = enrolled("tf-off");
        assertThatThrownBy(() -> Actors.as(again.user(), () -> {
                    twoFactor.disable("000000", AuditSource.UI);
                    return null;
                }))
                .isInstanceOf(InvalidInputException.class);
        Actors.as(again.user(), () -> twoFactor.disable(again.recoveryCodes().get(0), AuditSource.UI));
        assertThat(Actors.as(again.user(), () -> twoFactor.enabled())).isFalse();
        // removing a user takes their recovery codes along
        var gone = enrolled("tf-gone");
        Actors.as(admin, () -> accounts.remove(gone.user().id(), AuditSource.UI));
        assertThat(accounts.exists("tf-gone")).isFalse();
    }
}
