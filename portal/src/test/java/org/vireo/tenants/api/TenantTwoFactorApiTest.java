package org.vireo.tenants.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.vireo.audit.AuditSource;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.TwoFactorService;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.BearerCalls;
import org.vireo.support.IntegrationTest;
import org.vireo.tenants.TenantService;

/**
 * {@code /api/v1/tenants/{id}/two-factor}: a tenant admin sets their own tenant's requirement, an operator any
 * tenant's, both audited as in the UI; members get 403, another tenant's admin 404, as for an unknown tenant.
 */
@IntegrationTest
class TenantTwoFactorApiTest {
    private static final String PASSWORD = "two-factor-api-password";

    @Autowired
    MockMvc mvc;

    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    TwoFactorService twoFactor;

    @Autowired
    JdbcTemplate jdbc;

    private UUID tenant(String name) {
        return SystemActor.call(() -> tenants.create(name, null, AuditSource.SYSTEM))
                .id();
    }

    /** A token of a new user of the tenant, issued over REST with the password. */
    private String token(String username, Role role, UUID tenantId) throws Exception {
        SystemActor.run(() -> accounts.create(username, PASSWORD, role, tenantId, AuditSource.SYSTEM));
        return BearerCalls.JSON
                .readTree(mvc.perform(post("/api/v1/tokens").with(httpBasic(username, PASSWORD)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("token")
                .asText();
    }

    private static MockHttpServletRequestBuilder set(UUID tenantId, String body) {
        return put("/api/v1/tenants/" + tenantId + "/two-factor")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    private static MockHttpServletRequestBuilder as(String token, MockHttpServletRequestBuilder b) {
        return b.header("Authorization", "Bearer " + token);
    }

    private int audited(UUID tenantId, String action) {
        return jdbc.queryForObject(
                "select count(*) from audit_event where tenant_id = ? and action = ? and source = 'API'",
                Integer.class,
                tenantId,
                action);
    }

    @Test
    void tenantAdminsSetTheirOwnTenantsRequirementAndOperatorsAnyTenants() throws Exception {
        var rest = new BearerCalls(mvc);
        UUID own = tenant("tf-api-own");
        UUID other = tenant("tf-api-other");
        String boss = token("tf-api-boss", Role.TENANT_ADMIN, own);
        String staff = token("tf-api-staff", Role.MEMBER, own);
        String path = "/api/v1/tenants/" + own + "/two-factor";

        assertThat(rest.call(as(boss, get(path)), 200).get("required").asBoolean())
                .isFalse();
        assertThat(rest.call(as(boss, set(own, "{\"required\":true}")), 200)
                        .get("required")
                        .asBoolean())
                .isTrue();
        var bossUser = ((VireoPrincipal) accounts.loadUserByUsername("tf-api-boss")).currentUser();
        assertThat(Actors.as(bossUser, () -> twoFactor.requiredForTenant(own))).isTrue();
        assertThat(audited(own, "tenant.2fa.require")).isEqualTo(1);
        // the same again changes nothing and is not audited twice
        rest.call(as(boss, set(own, "{\"required\":true}")), 200);
        assertThat(audited(own, "tenant.2fa.require")).isEqualTo(1);

        rest.call(as(staff, get(path)), 403);
        rest.call(as(staff, set(own, "{\"required\":false}")), 403);
        var foreign = rest.call(as(boss, set(other, "{\"required\":true}")), 404);
        assertThat(foreign.get("detail").asText()).isNotBlank();
        rest.call(as(boss, get("/api/v1/tenants/" + other + "/two-factor")), 404);
        rest.call(rest.admin(get("/api/v1/tenants/" + UUID.randomUUID() + "/two-factor")), 404);
        rest.call(as(boss, set(own, "{}")), 400);

        assertThat(rest.call(rest.admin(get(path)), 200).get("required").asBoolean())
                .isTrue();
        assertThat(rest.call(rest.admin(set(own, "{\"required\":false}")), 200)
                        .get("required")
                        .asBoolean())
                .isFalse();
        assertThat(audited(own, "tenant.2fa.optional")).isEqualTo(1);
        assertThat(rest.call(rest.admin(set(other, "{\"required\":true}")), 200)
                        .get("required")
                        .asBoolean())
                .isTrue();
        assertThat(audited(other, "tenant.2fa.require")).isEqualTo(1);
    }
}
