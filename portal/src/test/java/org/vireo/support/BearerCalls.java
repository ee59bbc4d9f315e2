package org.vireo.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** REST calls through MockMvc as the seeded operator or demo user, each with an API token issued over REST. */
public final class BearerCalls {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final MockMvc mvc;
    private String adminToken;
    private String demoToken;

    public BearerCalls(MockMvc mvc) {
        this.mvc = mvc;
    }

    public MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder b) throws Exception {
        if (adminToken == null) {
            adminToken = token("admin", "test-admin-password");
        }
        return b.header("Authorization", "Bearer " + adminToken);
    }

    public MockHttpServletRequestBuilder demo(MockHttpServletRequestBuilder b) throws Exception {
        if (demoToken == null) {
            demoToken = token("demo", "test-demo-password");
        }
        return b.header("Authorization", "Bearer " + demoToken);
    }

    /** The answer's JSON (a null node for an empty body), after checking its status. */
    public JsonNode call(MockHttpServletRequestBuilder request, int status) throws Exception {
        var response = mvc.perform(request).andReturn().getResponse();
        String body = response.getContentAsString();
        assertThat(response.getStatus()).as(body).isEqualTo(status);
        return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    }

    /** Waits (60 s at most) until the demo user's {@code GET path} answers 404. */
    public void awaitGone(String path) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < until) {
            if (mvc.perform(demo(get(path))).andReturn().getResponse().getStatus() == 404) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " still there after 60 s");
    }

    private String token(String user, String password) throws Exception {
        return call(post("/api/v1/tokens").with(httpBasic(user, password)), 201)
                .get("token")
                .asText();
    }
}
