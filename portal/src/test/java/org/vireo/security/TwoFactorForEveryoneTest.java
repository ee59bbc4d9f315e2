package org.vireo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.support.IntegrationTest;

/** With VIREO_REQUIRE_TWO_FACTOR=true even the operator sets up a second factor before signing in. */
@IntegrationTest
@TestPropertySource(properties = "vireo.security.login.require-two-factor=true")
class TwoFactorForEveryoneTest {
    @Autowired
    MockMvc mvc;

    @Autowired
    TwoFactorService twoFactor;

    @Test
    void theOperatorToo() throws Exception {
        assertThat(twoFactor.requiredForEveryone()).isTrue();
        mvc.perform(post("/login")
                        .param("username", "admin")
                        .param("password", "test-admin-password")
                        .with(csrf())
                        .with(r -> {
                            r.setRemoteAddr("127.0.2.7");
                            return r;
                        }))
                .andExpect(redirectedUrl("/login/enrol"));
    }
}
