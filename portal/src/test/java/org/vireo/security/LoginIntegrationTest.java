package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.support.IntegrationTest;

@IntegrationTest
class LoginIntegrationTest {
    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog audit;

    /** A form login post with CSRF token from the given client address (no traffic: MockMvc only). */
    private static MockHttpServletRequestBuilder login(String user, String password, String ip) {
        return post("/login")
                .param("username", user)
                .param("password", password)
                .with(csrf())
                .with(from(ip));
    }

    private static RequestPostProcessor from(String ip) {
        return request -> {
            request.setRemoteAddr(ip);
            return request;
        };
    }

    @Test
    void bootstrappedAdminLogsInAndLandsOnStartPage() throws Exception {
        mvc.perform(login("admin", "test-admin-password", "127.0.1.1")).andExpect(redirectedUrl("/"));
    }

    @Test
    void wrongPasswordRedirectsToLoginWithErrorAndIsAudited() throws Exception {
        mvc.perform(login("demo", "nope-nope-nope", "127.0.1.2")).andExpect(redirectedUrl("/login?error"));
        assertThat(audit.recent(null, 20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("login");
            assertThat(e.actor()).isEqualTo("demo");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
        });
    }

    @Test
    void repeatedFailuresThrottleEvenTheRightPassword() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(login("demo", "wrong-" + i + "-password", "127.0.1.3"))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(login("demo", "test-demo-password", "127.0.1.3")).andExpect(redirectedUrl("/login?throttled"));
        // The same user from another address is not affected.
        mvc.perform(login("demo", "test-demo-password", "127.0.1.4")).andExpect(redirectedUrl("/"));
    }

    @Test
    void crossSiteLoginPostIsRefusedBeforeThePasswordIsChecked() throws Exception {
        mvc.perform(post("/login")
                        .param("username", "admin")
                        .param("password", "test-admin-password")
                        .header("Origin", "https://evil.example")
                        .with(from("127.0.1.5")))
                .andExpect(
                        result -> assertThat(result.getResponse().getStatus()).isEqualTo(403));
        mvc.perform(post("/login")
                        .param("username", "admin")
                        .param("password", "test-admin-password")
                        .header("Origin", "http://localhost")
                        .with(from("127.0.1.5")))
                .andExpect(redirectedUrl("/"));
    }
}
