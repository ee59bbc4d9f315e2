package org.vireo.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.base.NotFoundException;
import org.vireo.machines.MachineChanged;
import org.vireo.machines.MachineState;
import org.vireo.quotas.QuotaService;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Poll;
import org.vireo.tenants.TenantService;

/**
 * Webhooks against a receiver on loopback (allowed here by {@code vireo.webhooks.allow-private}): a quota change
 * arrives signed per Standard Webhooks (checked here with javax.crypto, not the library that signed it), a 500 is
 * retried with the same message id, machine changes arrive once per state, and the REST API is the tenant admin's.
 */
@IntegrationTest
class WebhookDeliveryTest {
    private static final HttpServer RECEIVER = receiver();
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    private static final String PASSWORD = "webhook-test-password";

    record Received(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().get(0))
                    .orElse(null);
        }
    }

    private static HttpServer receiver() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                RECEIVED.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
                int status = path.equals("/flaky") && FLAKY_CALLS.incrementAndGet() == 1 ? 500 : 204;
                if (status == 500) {
                    byte[] answer = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(500, answer.length);
                    exchange.getResponseBody().write(answer);
                } else {
                    exchange.sendResponseHeaders(status, -1);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        registry.add("vireo.webhooks.allow-private", () -> "true");
        registry.add("vireo.webhooks.retries", () -> "PT0.3S,PT0.3S");
        registry.add("vireo.webhooks.poll", () -> "PT0.5S");
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop(0);
    }

    @Autowired
    WebhookService webhooks;

    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    QuotaService quotas;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    private static String url(String path) {
        return "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + path;
    }

    private CurrentUser user(String name, Role role, UUID tenantId) {
        SystemActor.run(() -> accounts.create(name, PASSWORD, role, tenantId, AuditSource.SYSTEM));
        return ((VireoPrincipal) accounts.loadUserByUsername(name)).currentUser();
    }

    private UUID tenant(String name) {
        return SystemActor.call(() -> tenants.create(name, null, AuditSource.SYSTEM))
                .id();
    }

    private static List<Received> at(String path) {
        return RECEIVED.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The Standard Webhooks signature, computed here independently of the library that signed. */
    private static String signature(String secret, Received r) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = r.header("webhook-id") + "." + r.header("webhook-timestamp") + "." + r.body();
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aQuotaChangeArrivesSignedAndIsRetriedAfterA500() throws Exception {
        UUID tenantId = tenant("wh-quota");
        var admin = user("wh-quota-admin", Role.TENANT_ADMIN, tenantId);
        var created =
                Actors.as(admin, () -> webhooks.create(null, url("/flaky"), List.of("quota.changed"), AuditSource.API));
        assertThat(created.secret()).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(created.secret().substring(6))).hasSize(32);

        SystemActor.run(() -> quotas.setLimits(tenantId, 7, 4096, 20, 3, AuditSource.SYSTEM));

        Poll.until(
                "a retry after the 500",
                Duration.ofSeconds(20),
                () -> at("/flaky").size() >= 2);
        var first = at("/flaky").get(0);
        var second = at("/flaky").get(1);
        for (var r : List.of(first, second)) {
            assertThat(r.header("webhook-signature")).isEqualTo(signature(created.secret(), r));
            assertThat(r.header("content-type")).startsWith("application/json");
            assertThat(Math.abs(Long.parseLong(r.header("webhook-timestamp")) - System.currentTimeMillis() / 1000))
                    .isLessThan(60);
        }
        assertThat(second.header("webhook-id"))
                .isEqualTo(first.header("webhook-id"))
                .startsWith("msg_");
        var body = json.readTree(first.body());
        assertThat(body.path("type").asText()).isEqualTo("quota.changed");
        assertThat(body.path("data").path("tenantId").asText()).isEqualTo(tenantId.toString());
        assertThat(body.path("data").path("limits").path("vcpus").asInt()).isEqualTo(7);

        Poll.until(
                "the delivery logged as delivered",
                Duration.ofSeconds(10),
                () -> Actors.as(
                                admin,
                                () -> webhooks.deliveries(created.webhook().id()))
                        .stream()
                        .anyMatch(d -> d.status().equals("DELIVERED")));
        var log = Actors.as(admin, () -> webhooks.deliveries(created.webhook().id()));
        assertThat(log).hasSize(1);
        assertThat(log.get(0).attempts()).isEqualTo(2);
        assertThat(log.get(0).lastStatusCode()).isEqualTo(204);
        assertThat(log.get(0).eventType()).isEqualTo("quota.changed");
        assertThat(log.get(0).messageId()).isEqualTo(first.header("webhook-id"));
        assertThat(log.get(0).finishedAt()).isNotNull();
    }

    @Test
    void aMachineArrivesCreatedOncePerStateAndDeleted() throws Exception {
        UUID tenantId = tenant("wh-machines");
        var admin = user("wh-machines-admin", Role.TENANT_ADMIN, tenantId);
        Actors.as(
                admin,
                () -> webhooks.create(
                        null,
                        url("/machines"),
                        List.of("machine.created", "machine.state_changed", "machine.deleted"),
                        AuditSource.API));
        UUID machine = UUID.randomUUID();
        events.publishEvent(new MachineChanged(machine, tenantId, MachineState.CREATING, false));
        events.publishEvent(new MachineChanged(machine, tenantId, MachineState.RUNNING, false));
        events.publishEvent(new MachineChanged(machine, tenantId, MachineState.RUNNING, false));
        events.publishEvent(new MachineChanged(machine, tenantId, MachineState.DELETING, true));
        // another tenant's machine is not this tenant's business
        events.publishEvent(new MachineChanged(UUID.randomUUID(), UUID.randomUUID(), MachineState.CREATING, false));

        Poll.until(
                "three machine events",
                Duration.ofSeconds(10),
                () -> at("/machines").size() >= 3);
        Thread.sleep(1000);
        var types = at("/machines").stream()
                .map(r -> {
                    try {
                        var body = json.readTree(r.body());
                        assertThat(body.path("data").path("machineId").asText()).isEqualTo(machine.toString());
                        return body.path("type").asText() + ":"
                                + body.path("data").path("state").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(types)
                .containsExactlyInAnyOrder(
                        "machine.created:CREATING", "machine.state_changed:RUNNING", "machine.deleted:DELETING");
    }

    @Test
    void membersAreRefusedAndAnotherTenantsWebhookIsNotFound() {
        UUID tenantId = tenant("wh-rules");
        var admin = user("wh-rules-admin", Role.TENANT_ADMIN, tenantId);
        var member = user("wh-rules-member", Role.MEMBER, tenantId);
        var stranger = user("wh-rules-stranger", Role.TENANT_ADMIN, tenant("wh-rules-other"));
        var hook =
                Actors.as(admin, () -> webhooks.create(null, url("/rules"), List.of("quota.changed"), AuditSource.UI));
        assertThatThrownBy(() -> Actors.as(member, () -> webhooks.list(null)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Actors.as(
                        stranger, () -> webhooks.deliveries(hook.webhook().id())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() ->
                        Actors.as(stranger, () -> webhooks.delete(hook.webhook().id(), AuditSource.UI)))
                .isInstanceOf(NotFoundException.class);
        assertThat(Actors.as(stranger, () -> webhooks.list(null))).isEmpty();
        assertThat(SystemActor.call(() -> webhooks.list(tenantId))).hasSize(1);
    }

    private String token(String user) throws Exception {
        var body = mvc.perform(post("/api/v1/tokens").with(httpBasic(user, PASSWORD)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("token").asText();
    }

    @Test
    void theRestApiShowsTheSecretOnceAndLogsDeliveries() throws Exception {
        UUID tenantId = tenant("wh-rest");
        user("wh-rest-admin", Role.TENANT_ADMIN, tenantId);
        user("wh-rest-member", Role.MEMBER, tenantId);
        String admin = "Bearer " + token("wh-rest-admin");
        String member = "Bearer " + token("wh-rest-member");

        var created = mvc.perform(post("/api/v1/webhooks")
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"" + url("/rest") + "\",\"events\":[\"quota.changed\"]}"))
                .andReturn()
                .getResponse();
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        var hook = json.readTree(created.getContentAsString());
        assertThat(hook.path("secret").asText()).startsWith("whsec_");
        String id = hook.path("id").asText();

        var list = mvc.perform(get("/api/v1/webhooks").header("Authorization", admin))
                .andReturn()
                .getResponse();
        assertThat(list.getStatus()).isEqualTo(200);
        assertThat(json.readTree(list.getContentAsString()).get(0).has("secret"))
                .isFalse();
        assertThat(list.getContentAsString()).contains(id).contains("quota.changed");

        var bad = mvc.perform(post("/api/v1/webhooks")
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"ftp://example.com/x\",\"events\":[\"quota.changed\"]}"))
                .andReturn()
                .getResponse();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).contains("invalid-input").contains("url");
        var unknown = mvc.perform(post("/api/v1/webhooks")
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\":\"" + url("/rest") + "\",\"events\":[\"machine.exploded\"]}"))
                .andReturn()
                .getResponse();
        assertThat(unknown.getStatus()).isEqualTo(400);

        assertThat(mvc.perform(get("/api/v1/webhooks").header("Authorization", member))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);

        SystemActor.run(() -> quotas.setLimits(tenantId, 5, 4096, 20, 3, AuditSource.SYSTEM));
        Poll.until(
                "a delivery in the log",
                Duration.ofSeconds(10),
                () -> mvc.perform(get("/api/v1/webhooks/" + id + "/deliveries").header("Authorization", admin))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()
                        .contains("\"DELIVERED\""));

        assertThat(mvc.perform(delete("/api/v1/webhooks/" + id).header("Authorization", admin))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(204);
        assertThat(mvc.perform(get("/api/v1/webhooks/" + id + "/deliveries").header("Authorization", admin))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
    }
}
