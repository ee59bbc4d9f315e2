package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vireo.security.TestProvider.browser;
import static org.vireo.security.TestProvider.get;
import static org.vireo.security.TestProvider.location;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;

/**
 * Single sign-on with account creation off (the default), and a provider that is not there yet when the portal
 * starts: the portal starts, the button leads back to the login page, and once the provider runs, an identity
 * without an account is refused and nothing is created.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcLoginWithoutCreationIT {
    private static final TestProvider idp = new TestProvider();

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        idp.register(registry, false);
    }

    @AfterAll
    static void stopProvider() {
        idp.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Autowired
    AuditLog audit;

    String portal() {
        return "http://localhost:" + port;
    }

    @Test
    @Order(1)
    void aProviderThatIsDownSendsBackToTheLoginPage() throws Exception {
        var http = browser();
        assertThat(get(http, portal() + "/login").statusCode()).isEqualTo(200);
        assertThat(location(get(http, portal() + "/" + SingleSignOn.START_PATH)))
                .isEqualTo(portal() + "/login?sso=failed");
        assertThat(audit.recent(null, 20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("login");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.detail()).startsWith("oidc: ");
        });
    }

    @Test
    @Order(2)
    void anUnknownUserIsRefusedAndNothingIsCreated() throws Exception {
        idp.start();
        var http = browser();
        var back = idp.signIn(
                http, portal(), "subject-erin", Map.of("preferred_username", "erin-sso", "vireo_tenant", "demo"));
        assertThat(location(back)).isEqualTo(portal() + "/login?sso=unknown");
        assertThat(accounts.exists("erin-sso")).isFalse();
        assertThat(location(get(http, portal() + "/account"))).endsWith("/login");
        assertThat(audit.recent(null, 20)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("erin-sso");
            assertThat(e.action()).isEqualTo("login");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(e.detail()).isEqualTo("oidc: unknown user");
        });
    }
}
