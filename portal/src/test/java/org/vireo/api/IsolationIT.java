package org.vireo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.vireo.audit.AuditSource;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.MachineService;
import org.vireo.machines.SnapshotService;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SshKeyService;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.TenantService;

/**
 * Walks every REST endpoint as a user of another tenant, with the first tenant's ids: each answers "not found"
 * (404), admin endpoints 403, lists show nothing of the first tenant. An endpoint missing from {@link #EXPECTED}
 * fails the test, so a new endpoint cannot slip in unchecked.
 */
@IntegrationTest
class IsolationIT {
    /** "METHOD pattern" → expected status for a second tenant's member using the first tenant's ids. */
    static final Map<String, Integer> EXPECTED = Map.ofEntries(
            Map.entry("GET /api/v1/machines", 200),
            Map.entry("POST /api/v1/machines", 400),
            Map.entry("GET /api/v1/machines/{id}", 404),
            Map.entry("DELETE /api/v1/machines/{id}", 404),
            Map.entry("POST /api/v1/machines/{id}/start", 404),
            Map.entry("POST /api/v1/machines/{id}/shutdown", 404),
            Map.entry("POST /api/v1/machines/{id}/poweroff", 404),
            Map.entry("POST /api/v1/machines/{id}/reboot", 404),
            Map.entry("POST /api/v1/machines/{id}/console", 404),
            Map.entry("POST /api/v1/machines/{id}/password", 404),
            Map.entry("POST /api/v1/machines/{id}/resize", 404),
            Map.entry("POST /api/v1/machines/{id}/rebuild", 404),
            Map.entry("POST /api/v1/machines/{id}/rescue", 404),
            Map.entry("POST /api/v1/machines/{id}/iso", 404),
            Map.entry("GET /api/v1/machines/{id}/firewall", 404),
            Map.entry("PUT /api/v1/machines/{id}/firewall", 404),
            Map.entry("GET /api/v1/machines/{id}/ips", 404),
            Map.entry("POST /api/v1/machines/{id}/ips", 404),
            Map.entry("DELETE /api/v1/machines/{id}/ips/{address}", 404),
            Map.entry("PUT /api/v1/machines/{id}/ips/{address}", 404),
            // the ISO library is shared by all tenants like templates; importing is for operators
            Map.entry("GET /api/v1/isos", 200),
            Map.entry("POST /api/v1/admin/isos", 403),
            Map.entry("PUT /api/v1/admin/isos/{id}/image", 403),
            Map.entry("PUT /api/v1/admin/isos/{id}/tenants", 403),
            Map.entry("DELETE /api/v1/admin/isos/{id}", 403),
            Map.entry("PATCH /api/v1/machines/{id}", 404),
            Map.entry("GET /api/v1/machines/{id}/snapshots", 404),
            Map.entry("GET /api/v1/machines/{id}/usage", 404),
            Map.entry("GET /api/v1/machines/{id}/traffic", 404),
            Map.entry("GET /api/v1/traffic", 200),
            Map.entry("POST /api/v1/machines/{id}/snapshots", 404),
            Map.entry("POST /api/v1/machines/{id}/snapshots/{snapshotId}/revert", 404),
            Map.entry("DELETE /api/v1/machines/{id}/snapshots/{snapshotId}", 404),
            Map.entry("GET /api/v1/machines/{id}/backups", 404),
            Map.entry("GET /api/v1/machines/{id}/backups/{backupId}", 404),
            Map.entry("POST /api/v1/machines/{id}/backups", 404),
            Map.entry("POST /api/v1/machines/{id}/backups/{backupId}/restore", 404),
            Map.entry("POST /api/v1/machines/{id}/backups/{backupId}/restore-as-new", 404),
            Map.entry("DELETE /api/v1/machines/{id}/backups/{backupId}", 404),
            Map.entry("POST /api/v1/admin/hosts/{id}/backup-dir", 403),
            Map.entry("GET /api/v1/machines/{id}/backup-schedules", 404),
            Map.entry("POST /api/v1/machines/{id}/backup-schedules", 404),
            Map.entry("DELETE /api/v1/machines/{id}/backup-schedules/{scheduleId}", 404),
            Map.entry("GET /api/v1/templates", 200),
            // templates are shared by all tenants
            Map.entry("GET /api/v1/templates/{id}", 200),
            Map.entry("GET /api/v1/quota", 200),
            Map.entry("POST /api/v1/tokens", 201),
            Map.entry("GET /api/v1/tokens", 200),
            Map.entry("DELETE /api/v1/tokens/{id}", 404),
            Map.entry("GET /api/v1/admin/tenants", 403),
            Map.entry("GET /api/v1/admin/hosts", 403),
            Map.entry("POST /api/v1/admin/machines/{id}/host", 403),
            Map.entry("POST /api/v1/admin/machines/{id}/migrate", 403),
            Map.entry("POST /api/v1/admin/machines/{id}/migrate/cancel", 403),
            Map.entry("POST /api/v1/admin/hosts/{id}/migration-address", 403),
            Map.entry("POST /api/v1/admin/hosts", 403),
            Map.entry("POST /api/v1/admin/hosts/{id}/maintenance", 403),
            Map.entry("GET /api/v1/admin/ip-pools", 403),
            Map.entry("GET /api/v1/admin/traffic", 403),
            Map.entry("POST /api/v1/admin/ip-pools", 403),
            Map.entry("GET /api/v1/admin/ip-pools/{id}", 403),
            Map.entry("DELETE /api/v1/admin/ip-pools/{id}", 403),
            Map.entry("POST /api/v1/admin/templates", 403),
            Map.entry("POST /api/v1/admin/tenants", 403),
            Map.entry("PUT /api/v1/admin/tenants/{id}/quota", 403),
            Map.entry("POST /api/v1/admin/tenants/{id}/users", 403),
            Map.entry("GET /api/v1/admin/tenants/{id}", 403),
            Map.entry("POST /api/v1/admin/tenants/{id}/suspend", 403),
            Map.entry("POST /api/v1/admin/tenants/{id}/resume", 403),
            Map.entry("DELETE /api/v1/admin/tenants/{id}", 403),
            Map.entry("DELETE /api/v1/admin/templates/{id}", 403),
            Map.entry("PUT /api/v1/admin/templates/{id}/image", 403),
            Map.entry("GET /api/v1/ssh-keys", 200),
            Map.entry("POST /api/v1/ssh-keys", 400),
            Map.entry("DELETE /api/v1/ssh-keys/{id}", 404),
            Map.entry("GET /api/v1/users", 403),
            Map.entry("POST /api/v1/users", 403),
            Map.entry("PUT /api/v1/users/{id}/role", 403),
            Map.entry("DELETE /api/v1/users/{id}", 403),
            Map.entry("DELETE /api/v1/users/{id}/two-factor", 403),
            Map.entry("GET /api/v1/tenants/{id}/two-factor", 403),
            Map.entry("PUT /api/v1/tenants/{id}/two-factor", 403),
            Map.entry("GET /api/v1/invitations", 403),
            Map.entry("GET /api/v1/notifications", 200),
            Map.entry("PUT /api/v1/notifications", 200),
            Map.entry("POST /api/v1/invitations", 403),
            Map.entry("DELETE /api/v1/invitations/{id}", 403),
            Map.entry("GET /api/v1/audit", 403),
            Map.entry("GET /api/v1/webhooks", 403),
            Map.entry("POST /api/v1/webhooks", 403),
            Map.entry("DELETE /api/v1/webhooks/{id}", 403),
            Map.entry("GET /api/v1/webhooks/{id}/deliveries", 403));

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    MachineService machines;

    @Autowired
    SnapshotService snapshots;

    @Autowired
    HostConnections hosts;

    @Autowired
    TemplateService templates;

    @Autowired
    SshKeyService keys;

    @Test
    void everyEndpointHidesTheOtherTenant() throws Exception {
        // The set of endpoints under /api must be exactly the listed one.
        var actual = new TreeSet<String>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getMethodsCondition()
                        .getMethods()
                        .forEach(m -> info.getPatternValues().stream()
                                .filter(p -> p.startsWith("/api/"))
                                .forEach(p -> actual.add(m.name() + " " + p))));
        assertThat(actual)
                .as("endpoints under /api/ (add new ones to EXPECTED with their isolation rule)")
                .isEqualTo(new TreeSet<>(EXPECTED.keySet()));

        // Tenant A (demo) has a machine and a token; tenant B's member probes them.
        var demo = ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
        UUID template = SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                .findFirst()
                .orElseThrow()
                .id());
        var machine = Actors.as(
                demo, () -> machines.create(new CreateMachine("iso-a", template, 1, 128, 1, false), AuditSource.API));
        var snapshot = Actors.as(demo, () -> snapshots.take(machine.id(), "iso-snap", AuditSource.API));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var tenantB = SystemActor.call(() -> tenants.create("iso-b-" + suffix, null, AuditSource.SYSTEM));
        SystemActor.run(() ->
                accounts.create("iso-b-" + suffix, "iso-b-password", Role.MEMBER, tenantB.id(), AuditSource.SYSTEM));
        String tokenA = issue("demo", "test-demo-password");
        var tokensA = json.readTree(
                mvc.perform(request(HttpMethod.GET, "/api/v1/tokens").header("Authorization", "Bearer " + tokenA))
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
        String tokenIdA = tokensA.get(0).get("id").asText();
        String tokenB = issue("iso-b-" + suffix, "iso-b-password");

        var ids = new HashMap<String, String>();
        ids.put("/api/v1/machines/", machine.id().toString());
        ids.put("/api/v1/tokens/", tokenIdA);
        ids.put("/api/v1/admin/tenants/", demo.tenantId().toString());
        ids.put("/api/v1/tenants/", demo.tenantId().toString());
        ids.put("/api/v1/admin/hosts/", hosts.hosts().get(0).id().toString());
        ids.put("/api/v1/admin/machines/", machine.id().toString());
        ids.put("/api/v1/admin/ip-pools/", UUID.randomUUID().toString());
        ids.put("/api/v1/admin/templates/", template.toString());
        ids.put("/api/v1/admin/isos/", template.toString());
        ids.put("/api/v1/templates/", template.toString());
        ids.put("/api/v1/users/", demo.id().toString());
        ids.put("/api/v1/invitations/", UUID.randomUUID().toString());
        ids.put("/api/v1/webhooks/", UUID.randomUUID().toString());
        var keyA = Actors.as(
                demo,
                () -> keys.add(
                        "iso-key",
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk0dF1dsL2mJ9lYvF6w4mMT1rQ5yV6gX9yJmQ3oT8aQ",
                        AuditSource.API));
        ids.put("/api/v1/ssh-keys/", keyA.id().toString());
        try {
            for (var e : EXPECTED.entrySet()) {
                String[] parts = e.getKey().split(" ", 2);
                String path = parts[1];
                for (var id : ids.entrySet()) {
                    if (path.startsWith(id.getKey())) {
                        path = path.replace("{id}", id.getValue());
                    }
                }
                path = path.replace("{snapshotId}", snapshot.id().toString())
                        .replace("{backupId}", UUID.randomUUID().toString())
                        .replace("{scheduleId}", UUID.randomUUID().toString())
                        .replace("{address}", "192.0.2.9");
                var call = request(HttpMethod.valueOf(parts[0]), path)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}");
                call = path.equals("/api/v1/tokens") && parts[0].equals("POST")
                        ? call.with(httpBasic("iso-b-" + suffix, "iso-b-password"))
                        : call.header("Authorization", "Bearer " + tokenB);
                var response = mvc.perform(call).andReturn().getResponse();
                assertThat(response.getStatus()).as(e.getKey()).isEqualTo(e.getValue());
                // "instance" echoes the caller's own request path; everything else must be free of tenant A.
                String body = response.getContentAsString().replaceAll("\"instance\":\"[^\"]*\"", "");
                assertThat(body)
                        .as(e.getKey() + " leaks tenant A")
                        .doesNotContain(machine.id().toString())
                        .doesNotContain("iso-a")
                        .doesNotContain(demo.tenantId().toString())
                        .doesNotContain(tokenIdA)
                        .doesNotContain(snapshot.id().toString())
                        .doesNotContain("iso-snap")
                        .doesNotContain(keyA.id().toString())
                        .doesNotContain(demo.id().toString());
            }
        } finally {
            Actors.as(demo, () -> keys.deleteOwn(keyA.id(), AuditSource.API));
            Actors.as(demo, () -> machines.delete(machine.id(), AuditSource.API));
        }
    }

    private String issue(String user, String password) throws Exception {
        var body = mvc.perform(request(HttpMethod.POST, "/api/v1/tokens").with(httpBasic(user, password)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("token").asText();
    }
}
