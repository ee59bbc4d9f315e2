package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vireo.security.TestProvider.browser;
import static org.vireo.security.TestProvider.get;
import static org.vireo.security.TestProvider.location;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.security.internal.UserAccountRepository;
import org.vireo.support.Actors;
import org.vireo.tenants.TenantService;

/**
 * Single sign-on against a real OpenID Connect provider (mock-oauth2-server) over HTTP, with accounts created on
 * first sign-in: the claims pick tenant and role, the session is signed in as after a password, the next sign-in
 * finds the same account, and what must not get in is sent back to the login page and audited.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OidcLoginIT {
    private static final TestProvider idp = new TestProvider();
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        idp.start();
        idp.register(registry, true);
    }

    @AfterAll
    static void stopProvider() {
        idp.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    UserAccountRepository accounts;

    @Autowired
    AccountService accountService;

    @Autowired
    TenantService tenants;

    @Autowired
    AuditLog audit;

    String portal() {
        return "http://localhost:" + port;
    }

    CurrentUser account(String username) {
        return accounts.findByUsername(username).orElseThrow().toCurrentUser();
    }

    @Test
    void theFirstSignInCreatesTheAccountInTheNamedTenantWithTheClaimedRole() throws Exception {
        var http = browser();
        get(http, portal() + "/login");
        String before = WebSecurityIT.sessionId(http);
        var back = idp.signIn(
                http,
                portal(),
                "subject-alice",
                Map.of("preferred_username", "alice-sso", "vireo_tenant", "demo", "vireo_role", "tenant_admin"));

        assertThat(location(back)).isEqualTo(portal() + "/");
        assertThat(WebSecurityIT.sessionId(http))
                .as("a new session id at sign-in")
                .isNotEqualTo(before);
        var alice = account("alice-sso");
        assertThat(alice.role()).isEqualTo(Role.TENANT_ADMIN);
        assertThat(alice.tenantId()).isEqualTo(demoTenant());
        // signed in as after a password: the app, and its views for tenant admins, not the login page
        var page = get(http, portal() + "/account");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("login-form");
        assertThat(get(http, portal() + "/users").statusCode()).isEqualTo(200);
        // no password of Vireo's to change: the account page says so instead of offering the form
        assertThat(Actors.as(alice, () -> accountService.hasOwnPassword())).isFalse();
        assertThatThrownBy(() -> Actors.as(
                        alice, () -> accountService.changeOwnPassword("anything", "a-new-password-1", AuditSource.UI)))
                .isInstanceOf(ConflictException.class);
        assertThat(audit.recent(null, 50))
                .anySatisfy(e -> assertEntry(e, "alice-sso", "account.create", AuditOutcome.SUCCESS))
                .anySatisfy(e -> {
                    assertEntry(e, "alice-sso", "login", AuditOutcome.SUCCESS);
                    assertThat(e.detail()).isEqualTo("oidc");
                    assertThat(e.tenantId()).isEqualTo(demoTenant());
                });
    }

    @Test
    void theNextSignInOfTheSameSubjectFindsItsAccount() throws Exception {
        var claims = Map.<String, Object>of("preferred_username", "bob-sso", "vireo_tenant", "demo");
        assertThat(location(idp.signIn(browser(), portal(), "subject-bob", claims)))
                .isEqualTo(portal() + "/");
        long count = accounts.count();
        var bob = account("bob-sso");
        assertThat(bob.role()).as("no role claim: member").isEqualTo(Role.MEMBER);

        // another username at the provider: still the same account
        var http = browser();
        var again = idp.signIn(
                http, portal(), "subject-bob", Map.of("preferred_username", "robert-sso", "vireo_tenant", "demo"));
        assertThat(location(again)).isEqualTo(portal() + "/");
        assertThat(accounts.count()).isEqualTo(count);
        assertThat(accounts.findByUsername("robert-sso")).isEmpty();
        assertThat(account("bob-sso").id()).isEqualTo(bob.id());
        assertThat(get(http, portal() + "/account").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownTenantIsRefused() throws Exception {
        var back = idp.signIn(
                browser(),
                portal(),
                "subject-carol",
                Map.of("preferred_username", "carol-sso", "vireo_tenant", "no-such-tenant"));
        assertThat(location(back)).isEqualTo(portal() + "/login?sso=tenant");
        assertThat(accountService.exists("carol-sso")).isFalse();
        assertThat(audit.recent(null, 50)).anySatisfy(e -> {
            assertEntry(e, "carol-sso", "login", AuditOutcome.DENIED);
            assertThat(e.detail()).isEqualTo("oidc: unknown tenant");
        });
    }

    @Test
    void claimsNeverMakeAnOperator() throws Exception {
        var http = browser();
        var back = idp.signIn(
                http,
                portal(),
                "subject-mallory",
                Map.of("preferred_username", "mallory-sso", "vireo_tenant", "demo", "vireo_role", "admin"));
        assertThat(location(back)).isEqualTo(portal() + "/login?sso=role");
        assertThat(accountService.exists("mallory-sso")).isFalse();
        assertThat(location(get(http, portal() + "/admin/tenants"))).endsWith("/login");
    }

    @Test
    void aLocalAccountIsNotTakenOverByItsName() throws Exception {
        var http = browser();
        var back = idp.signIn(
                http, portal(), "subject-not-demo", Map.of("preferred_username", "demo", "vireo_tenant", "demo"));
        assertThat(location(back)).isEqualTo(portal() + "/login?sso=taken");
        assertThat(location(get(http, portal() + "/account"))).endsWith("/login");
        assertThat(accounts.findByOidcSubject(idp.issuer() + " subject-not-demo"))
                .isEmpty();
    }

    @Test
    void aSuspendedTenantsUserIsRefused() throws Exception {
        var tenant = SystemActor.call(() -> tenants.create("paused", "Paused Ltd", AuditSource.API));
        var claims = Map.<String, Object>of("preferred_username", "dave-sso", "vireo_tenant", "paused");
        assertThat(location(idp.signIn(browser(), portal(), "subject-dave", claims)))
                .isEqualTo(portal() + "/");
        SystemActor.call(() -> tenants.setSuspended(tenant.id(), true, AuditSource.API));
        assertThat(location(idp.signIn(browser(), portal(), "subject-dave", claims)))
                .isEqualTo(portal() + "/login?suspended");
    }

    @Test
    void passwordsStillWorkBesideSingleSignOn() throws Exception {
        var http = browser();
        var login = get(http, portal() + "/login");
        assertThat(login.statusCode()).isEqualTo(200);
        var m = CSRF.matcher(login.body());
        assertThat(m.find()).isTrue();
        var signedIn = http.send(
                HttpRequest.newBuilder(URI.create(portal() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", portal())
                        .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=test-demo-password&_csrf="
                                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(location(signedIn)).doesNotContain("error");
        assertThat(get(http, portal() + "/account").statusCode()).isEqualTo(200);
    }

    private UUID demoTenant() {
        return account("demo").tenantId();
    }

    private static void assertEntry(AuditEntry e, String actor, String action, AuditOutcome outcome) {
        assertThat(e.actor()).isEqualTo(actor);
        assertThat(e.action()).isEqualTo(action);
        assertThat(e.outcome()).isEqualTo(outcome);
        assertThat(e.source()).isEqualTo(AuditSource.UI);
    }
}
