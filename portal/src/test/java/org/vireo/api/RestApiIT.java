package org.vireo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.vireo.support.IntegrationTest;

/** REST API v1 end to end through the security filters, on the real hypervisor. */
@IntegrationTest
class RestApiIT {
    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    String token(String user, String password) throws Exception {
        var body = mvc.perform(post("/api/v1/tokens")
                        .with(httpBasic(user, password))
                        .with(r -> {
                            r.setRemoteAddr("127.0.2." + Math.abs(user.hashCode() % 200));
                            return r;
                        }))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").exists())
                .andExpect(jsonPath("$.expiresAt").exists())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("token").asText();
    }

    MockHttpServletRequestBuilder bearer(MockHttpServletRequestBuilder b, String token) {
        return b.header("Authorization", "Bearer " + token);
    }

    JsonNode read(String s) throws Exception {
        return json.readTree(s);
    }

    @Test
    void tenantCreatesListsAndDeletesAMachineAndOtherTenantsGet404() throws Exception {
        String admin = token("admin", "test-admin-password");
        String demo = token("demo", "test-demo-password");

        // An operator creates a second tenant with a user.
        var tenant = read(mvc.perform(bearer(post("/api/v1/admin/tenants"), admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"rest-"
                                + UUID.randomUUID().toString().substring(0, 8) + "\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString());
        String otherUser = "other-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(bearer(post("/api/v1/admin/tenants/" + tenant.get("id").asText() + "/users"), admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + otherUser
                                + "\",\"password\":\"other-password-1\",\"role\":\"MEMBER\"}"))
                .andExpect(status().isCreated());
        String other = token(otherUser, "other-password-1");

        var templates = read(mvc.perform(bearer(get("/api/v1/templates"), demo))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        String templateId = null;
        for (var t : templates) {
            if (t.get("name").asText().equals("Vireo Demo (busybox)")) {
                templateId = t.get("id").asText();
                assertThat(t.has("vcpus") && t.has("memoryMiB") && t.has("diskGiB"))
                        .isTrue();
            }
        }
        assertThat(templateId).isNotNull();

        String name = "rest-" + UUID.randomUUID().toString().substring(0, 8);
        var created = read(mvc.perform(bearer(post("/api/v1/machines"), demo)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"templateId\":\"" + templateId
                                + "\",\"vcpus\":1,\"memoryMiB\":256,\"diskGiB\":1,\"start\":false}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("STOPPED"))
                .andReturn()
                .getResponse()
                .getContentAsString());
        String id = created.get("id").asText();
        for (String field :
                new String[] {"id", "name", "templateId", "vcpus", "memoryMiB", "diskGiB", "state", "createdAt"}) {
            assertThat(created.has(field)).as(field).isTrue();
        }

        mvc.perform(bearer(get("/api/v1/machines/" + id), demo))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(name));
        // Another tenant: 404 (never 403) for reading and for every action.
        mvc.perform(bearer(get("/api/v1/machines/" + id), other))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        for (String action : new String[] {"start", "shutdown", "poweroff", "reboot"}) {
            mvc.perform(bearer(post("/api/v1/machines/" + id + "/" + action), other))
                    .andExpect(status().isNotFound());
        }
        mvc.perform(bearer(delete("/api/v1/machines/" + id), other)).andExpect(status().isNotFound());
        assertThat(read(mvc.perform(bearer(get("/api/v1/machines"), other))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                        .size())
                .isZero();

        // No console for a stopped machine.
        mvc.perform(bearer(post("/api/v1/machines/" + id + "/console"), demo)).andExpect(status().isConflict());
        // Wrong state: shutting down a stopped machine.
        mvc.perform(bearer(post("/api/v1/machines/" + id + "/shutdown"), demo))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.title").exists())
                .andExpect(jsonPath("$.detail").exists());
        mvc.perform(bearer(delete("/api/v1/machines/" + id), demo)).andExpect(status().isAccepted());
        mvc.perform(bearer(get("/api/v1/machines/" + id), demo)).andExpect(status().isNotFound());
    }

    @Test
    void badInputIs400NamingTheFieldAndChangesNothing() throws Exception {
        String demo = token("demo", "test-demo-password");
        for (String hostile :
                new String[] {"a'b", "<x>", "a&b", "]]>", "../etc", "A", "x".repeat(10_000), "a\u202eb", "a\u200bb", ""
                }) {
            var body = json.writeValueAsString(Map.of("name", hostile, "templateId", UUID.randomUUID()));
            mvc.perform(bearer(post("/api/v1/machines"), demo)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.field").value("name"));
        }
        mvc.perform(bearer(post("/api/v1/machines"), demo)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"ok\",\"templateId\":\"" + UUID.randomUUID() + "\",\"vcpus\":\"2\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("vcpus"));
        mvc.perform(bearer(post("/api/v1/machines"), demo)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"ok\",\"templateId\":\"not-a-uuid\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("templateId"));
        mvc.perform(bearer(post("/api/v1/machines"), demo)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"ok\",\"name\":\"twice\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(bearer(post("/api/v1/machines"), demo)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Accept-Language", "de")
                        .content("{\"name\":\"ok\",\"templateId\":\"" + UUID.randomUUID() + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("templateId"))
                .andExpect(jsonPath("$.detail").value("templateId: Diese Vorlage gibt es nicht."));
        assertThat(read(mvc.perform(bearer(get("/api/v1/machines"), demo))
                                .andReturn()
                                .getResponse()
                                .getContentAsString())
                        .size())
                .isZero();
    }

    @Test
    void authenticationRules() throws Exception {
        mvc.perform(get("/api/v1/machines"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        mvc.perform(get("/api/v1/machines").header("Authorization", "Bearer vireo_forged"))
                .andExpect(status().isUnauthorized());
        // HTTP Basic only for issuing tokens.
        mvc.perform(get("/api/v1/machines").with(httpBasic("demo", "test-demo-password")))
                .andExpect(status().isUnauthorized());
        String demo = token("demo", "test-demo-password");
        mvc.perform(bearer(get("/api/v1/admin/tenants"), demo)).andExpect(status().isForbidden());
        mvc.perform(bearer(put("/api/v1/admin/tenants/" + UUID.randomUUID() + "/quota"), demo)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden());
        // A revoked token stops working at once.
        var tokens = read(mvc.perform(bearer(get("/api/v1/tokens"), demo))
                .andReturn()
                .getResponse()
                .getContentAsString());
        for (var t : tokens) {
            mvc.perform(bearer(delete("/api/v1/tokens/" + t.get("id").asText()), demo));
        }
        mvc.perform(bearer(get("/api/v1/machines"), demo)).andExpect(status().isUnauthorized());
    }

    @Test
    void readScopedTokensOnlyReadAndCannotMintWriteTokens() throws Exception {
        String write = token("demo", "test-demo-password");
        var issued = read(mvc.perform(bearer(post("/api/v1/tokens"), write)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"monitoring\",\"scope\":\"read\",\"expiresInDays\":1}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(issued.get("scope").asText()).isEqualTo("read");
        String readOnly = issued.get("token").asText();
        mvc.perform(bearer(get("/api/v1/machines"), readOnly)).andExpect(status().isOk());
        mvc.perform(bearer(get("/api/v1/quota"), readOnly)).andExpect(status().isOk());
        mvc.perform(bearer(post("/api/v1/machines"), readOnly)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"nope\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(bearer(delete("/api/v1/machines/" + UUID.randomUUID()), readOnly))
                .andExpect(status().isForbidden());
        mvc.perform(bearer(delete("/api/v1/tokens/" + issued.get("id").asText()), readOnly))
                .andExpect(status().isForbidden());
        // It may issue read tokens (e.g. to rotate itself), never a write token.
        mvc.perform(bearer(post("/api/v1/tokens"), readOnly)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"write\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(bearer(post("/api/v1/tokens"), readOnly))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.scope").value("read"));
        mvc.perform(bearer(post("/api/v1/tokens"), readOnly)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"read\"}"))
                .andExpect(status().isCreated());
        mvc.perform(bearer(post("/api/v1/tokens"), write)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"admin\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("scope"));
        var listed = read(mvc.perform(bearer(get("/api/v1/tokens"), write))
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(listed.findValuesAsText("scope")).contains("read", "write");
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/machines']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/tokens']").exists());
    }
}
