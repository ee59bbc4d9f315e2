package org.vireo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;

/** Prometheus metrics: only operators' tokens or the scrape token read them; Vireo's own meters are there. */
@IntegrationTest
@AutoConfigureObservability // test contexts leave metrics export off unless asked
@TestPropertySource(properties = "vireo.metrics.token=test-scrape-token-0123456789abcdefghij")
class MetricsIT {
    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Autowired
    DemoTenant demo;

    String token(String user, String password) throws Exception {
        return json.readTree(mvc.perform(post("/api/v1/tokens").with(httpBasic(user, password)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("token")
                .asText();
    }

    int status(String bearer) throws Exception {
        var r = get("/actuator/prometheus");
        if (bearer != null) {
            r = r.header("Authorization", "Bearer " + bearer);
        }
        return mvc.perform(r).andReturn().getResponse().getStatus();
    }

    @Test
    void metricsAreForOperatorsAndTheScraperAndCountWhatVireoDoes() throws Exception {
        var m = demo.create("metrics-it", false);
        try {
            assertThat(status(null)).isEqualTo(401);
            assertThat(status(token("demo", "test-demo-password"))).isEqualTo(403);
            assertThat(status("test-scrape-token-0123456789abcdefghiX")).isEqualTo(401);
            assertThat(status("test-scrape-token-0123456789abcdefghij")).isEqualTo(200);

            String admin = token("admin", "test-admin-password");
            String body = mvc.perform(get("/actuator/prometheus").header("Authorization", "Bearer " + admin))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(body)
                    .contains(
                            "vireo_machines{state=\"STOPPED\"} 1.0",
                            "vireo_machines{state=\"RUNNING\"} 0.0",
                            "vireo_machine_creates_total{outcome=\"success\"} 1.0",
                            "vireo_machine_create_duration_seconds_count{start=\"false\"} 1",
                            "vireo_console_sessions 0.0");
        } finally {
            demo.delete(m.id());
        }
    }
}
