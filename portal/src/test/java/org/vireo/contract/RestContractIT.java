package org.vireo.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.vireo.support.Poll;
import org.vireo.support.PortalJar;
import org.vireo.support.SecondLibvirtd;
import org.vireo.support.Shell;
import org.vireo.support.Virsh;

/**
 * README's REST table as a contract, checked against the built jar ({@code java -jar target/vireo.jar}, the
 * artifact users run, whose bean order differs from the build's classes): every row's status codes, fields and
 * problem types, parallel creates over quota, no room, full storage and no host answering, what tenants see of a
 * failed create, readiness, and forwarded addresses from peers that are no trusted proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestContractIT {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String POOL = "contract-" + SUFFIX;
    static final Path POOL_DIR = Path.of("/tmp", POOL);
    static final Path BACKUP_DIR = Path.of("/var/tmp", POOL + "-backups");
    static final Path IMAGES = Path.of("/var/lib/vireo/templates/contract-" + SUFFIX);
    static final String SECOND_HOST = "ct-host-" + SUFFIX;
    static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk0dF1dsL2mJ9lYvF6w4mMT1rQ5yV6gX9yJmQ3oT8aQ contract";

    PortalJar portal;
    Rest rest;
    String admin;
    String demo;
    /** Everything a tenant was answered while creates failed: searched for infrastructure at the end. */
    final List<String> tenantSaw = new ArrayList<>();

    /** Invitations' mails go to a real SMTP server on loopback. */
    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    @BeforeAll
    void startTheJar() throws Exception {
        SMTP.start();
        Files.createDirectories(POOL_DIR);
        Shell.run("mount -t tmpfs -o size=32m tmpfs " + POOL_DIR);
        portal = PortalJar.start(
                "contract",
                Map.of(
                        "VIREO_STORAGE_POOL",
                        POOL,
                        "VIREO_STORAGE_DIR",
                        POOL_DIR.toString(),
                        "VIREO_CPU_OVERCOMMIT",
                        "16",
                        "VIREO_SHUTDOWN_TIMEOUT",
                        "PT5S",
                        "VIREO_SMTP_HOST",
                        "127.0.0.1",
                        "VIREO_SMTP_PORT",
                        String.valueOf(SMTP.getSmtp().getPort()),
                        "VIREO_SMTP_SECURITY",
                        "none",
                        "VIREO_SMTP_FROM",
                        "vireo@portal.test",
                        // webhooks to a receiver on loopback (nothing listens on its port)
                        "VIREO_WEBHOOKS_ALLOW_PRIVATE",
                        "true"));
        rest = new Rest(portal.baseUrl);
        // A script that waits for the health to be UP and then signs in must get in: health is UP only once the
        // first-start seeding (operator, demo tenant) is done.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        var http = HttpClient.newHttpClient();
        while (true) {
            assertThat(portal.isAlive()).as("portal running; see " + portal.log).isTrue();
            assertThat(System.nanoTime()).as("health UP in time").isLessThan(deadline);
            try {
                var r = http.send(
                        HttpRequest.newBuilder(URI.create(portal.baseUrl + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    assertThat(r.body()).contains("\"UP\"");
                    break;
                }
                assertThat(r.statusCode())
                        .as("health before ready: " + r.body())
                        .isEqualTo(503);
            } catch (IOException notListening) {
                // the web server is not up yet
            }
            Thread.sleep(20);
        }
        admin = token("admin", PortalJar.ADMIN_PASSWORD);
        demo = token("demo", PortalJar.DEMO_PASSWORD);
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            var r = rest.raw("GET", probe, null).expect(200);
            assertThat(r.json().path("status").asText()).isEqualTo("UP");
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (portal != null) {
            portal.close();
        }
        SMTP.stop();
        SecondLibvirtd.stop();
        Virsh.run("pool-destroy", POOL);
        Virsh.run("pool-undefine", POOL);
        Shell.run("umount " + POOL_DIR + " && rmdir " + POOL_DIR + "; rm -rf " + IMAGES + "; true");
        for (String pool : Virsh.run("pool-list", "--all", "--name").split("\n")) {
            if (!pool.isBlank()
                    && Virsh.run("pool-dumpxml", pool.strip()).contains("<path>" + BACKUP_DIR + "</path>")) {
                Virsh.run("pool-destroy", pool.strip());
                Virsh.run("pool-undefine", pool.strip());
            }
        }
        Shell.run("rm -rf " + BACKUP_DIR);
    }

    /** What a newcomer reads at start and while working: libvirt's own error lines go to the log at debug. */
    @Test
    @Order(100)
    void theJarsLogCarriesNoRawLibvirtErrorLines() throws Exception {
        assertThat(Files.readAllLines(portal.log))
                .as("lines libvirt printed itself, see " + portal.log)
                .noneMatch(line -> line.startsWith("libvirt: "));
    }

    String token(String user, String password) {
        var r = rest.callWithHeaders("POST /api/v1/tokens", Rest.basic(user, password), null, new String[0])
                .expect(201)
                .fields("id", "token", "expiresAt", "scope");
        return r.field("token");
    }

    @Test
    @Order(1)
    void tokensTenantsUsersAndKeys() throws Exception {
        rest.callWithHeaders(
                        "POST /api/v1/tokens", Rest.basic("nobody-" + SUFFIX, "wrong-password-1"), null, new String[0])
                .problem(401, "unauthorized");
        var listed = rest.call("GET /api/v1/tokens", admin, null)
                .expect(200)
                .fields("id", "name", "createdAt", "expiresAt", "revoked", "scope");
        assertThat(listed.text()).doesNotContain(admin);
        var extra = rest.callWithHeaders(
                        "POST /api/v1/tokens",
                        "Bearer " + admin,
                        Map.of("name", "short", "expiresInDays", 1, "scope", "read"),
                        new String[0])
                .expect(201);
        assertThat(extra.field("scope")).isEqualTo("read");
        rest.call("POST /api/v1/admin/tenants", extra.field("token"), Map.of("name", "x"))
                .problem(403, "forbidden");
        rest.call("DELETE /api/v1/tokens/{id}", admin, null, extra.field("id")).expect(204);
        rest.call("GET /api/v1/templates", extra.field("token"), null).problem(401, "unauthorized");

        // tenants
        rest.call("POST /api/v1/admin/tenants", admin, Map.of("name", "Bad Name"))
                .problem(400, "invalid-input")
                .fields("field");
        var tenant = rest.call("POST /api/v1/admin/tenants", admin, Map.of("name", "contract-" + SUFFIX))
                .expect(201)
                .fields("id", "name", "status", "createdAt");
        String tenantId = tenant.field("id");
        rest.call("GET /api/v1/admin/tenants", admin, null).expect(200).fields("id", "name", "status");
        var page = rest.call("GET /api/v1/admin/tenants?page=0&size=1", admin, null)
                .expect(200);
        assertThat(page.json().size()).isEqualTo(1);
        assertThat(Long.parseLong(page.headers().firstValue("X-Total-Count").orElseThrow()))
                .isGreaterThanOrEqualTo(2);
        assertThat(page.headers().firstValue("Link").orElseThrow()).contains("page=1", "size=1", "rel=\"next\"");
        rest.call("GET /api/v1/admin/tenants?size=0", admin, null).problem(400, "invalid-input");
        rest.call("GET /api/v1/admin/tenants/{id}", admin, null, tenantId)
                .expect(200)
                .fields("id", "name");
        rest.call("GET /api/v1/admin/tenants/{id}", admin, null, UUID.randomUUID())
                .problem(404, "not-found");
        var quota = rest.call(
                        "PUT /api/v1/admin/tenants/{id}/quota",
                        admin,
                        Map.of("vcpus", 8, "memoryMiB", 4096, "diskGiB", 50, "machines", 3),
                        tenantId)
                .expect(200)
                .fields("limits", "used", "reserved");
        for (String part : new String[] {"limits", "used", "reserved"}) {
            for (String r :
                    new String[] {"vcpus", "memoryMiB", "diskGiB", "machines", "snapshots", "ipv4", "backupGiB"}) {
                assertThat(quota.json().path(part).has(r)).as(part + "." + r).isTrue();
            }
        }
        assertThat(quota.json().path("limits").path("machines").asInt()).isEqualTo(3);
        assertThat(quota.json().has("trafficGiB"))
                .as("unlimited by default: no allowance")
                .isFalse();
        assertThat(rest.call(
                                "PUT /api/v1/admin/tenants/{id}/quota",
                                admin,
                                Map.of("vcpus", 8, "memoryMiB", 4096, "diskGiB", 50, "machines", 3, "trafficGiB", 500),
                                tenantId)
                        .expect(200)
                        .json()
                        .path("trafficGiB")
                        .asInt())
                .isEqualTo(500);
        rest.call(
                        "PUT /api/v1/admin/tenants/{id}/quota",
                        admin,
                        Map.of("vcpus", 8, "memoryMiB", 4096, "diskGiB", 50, "machines", 3, "trafficGiB", -1),
                        tenantId)
                .problem(400, "invalid-input");
        assertThat(rest.call(
                                "PUT /api/v1/admin/tenants/{id}/quota",
                                admin,
                                Map.of("vcpus", 8, "memoryMiB", 4096, "diskGiB", 50, "machines", 3),
                                tenantId)
                        .expect(200)
                        .json()
                        .path("trafficGiB")
                        .asInt())
                .as("left out: it stays")
                .isEqualTo(500);
        assertThat(rest.call(
                                "PUT /api/v1/admin/tenants/{id}/quota",
                                admin,
                                Map.of("vcpus", 8, "memoryMiB", 4096, "diskGiB", 50, "machines", 3, "backupGiB", 20),
                                tenantId)
                        .expect(200)
                        .json()
                        .path("limits")
                        .path("backupGiB")
                        .asInt())
                .isEqualTo(20);
        rest.call(
                        "POST /api/v1/admin/tenants/{id}/users",
                        admin,
                        Map.of(
                                "username",
                                "ctadmin-" + SUFFIX,
                                "password",
                                "contract-password-1",
                                "role",
                                "TENANT_ADMIN"),
                        tenantId)
                .expect(201)
                .fields("id", "username", "role", "tenantId");
        String tenantAdmin = token("ctadmin-" + SUFFIX, "contract-password-1");
        var member = rest.call(
                        "POST /api/v1/users",
                        tenantAdmin,
                        Map.of("username", "ctmember-" + SUFFIX, "password", "contract-password-2", "role", "MEMBER"))
                .expect(201);
        String memberToken = token("ctmember-" + SUFFIX, "contract-password-2");
        rest.call("GET /api/v1/admin/tenants", memberToken, null).problem(403, "forbidden");

        // users
        var users = rest.call("GET /api/v1/users", tenantAdmin, null)
                .expect(200)
                .fields("id", "username", "role", "tenantId", "enabled", "createdAt", "twoFactor");
        assertThat(users.json().size()).isEqualTo(2);
        rest.call("GET /api/v1/users", memberToken, null).problem(403, "forbidden");
        var all = rest.call("GET /api/v1/users?tenant=" + tenantId + "&page=0&size=1", admin, null)
                .expect(200);
        assertThat(all.headers().firstValue("X-Total-Count")).hasValue("2");
        // the tenant's two-factor requirement: its admins and operators; members 403, another tenant's admin 404
        var twoFactor = rest.call("GET /api/v1/tenants/{id}/two-factor", tenantAdmin, null, tenantId)
                .expect(200)
                .fields("required");
        assertThat(twoFactor.json().path("required").asBoolean()).isFalse();
        assertThat(rest.call("PUT /api/v1/tenants/{id}/two-factor", tenantAdmin, Map.of("required", true), tenantId)
                        .expect(200)
                        .fields("required")
                        .json()
                        .path("required")
                        .asBoolean())
                .isTrue();
        assertThat(rest.call("GET /api/v1/tenants/{id}/two-factor", admin, null, tenantId)
                        .expect(200)
                        .json()
                        .path("required")
                        .asBoolean())
                .isTrue();
        rest.call("GET /api/v1/tenants/{id}/two-factor", memberToken, null, tenantId)
                .problem(403, "forbidden");
        rest.call("PUT /api/v1/tenants/{id}/two-factor", memberToken, Map.of("required", false), tenantId)
                .problem(403, "forbidden");
        rest.call("GET /api/v1/tenants/{id}/two-factor", demo, null, tenantId).problem(404, "not-found");
        rest.call("PUT /api/v1/tenants/{id}/two-factor", demo, Map.of("required", false), tenantId)
                .problem(404, "not-found");
        rest.call("GET /api/v1/tenants/{id}/two-factor", admin, null, UUID.randomUUID())
                .problem(404, "not-found");
        rest.call("PUT /api/v1/tenants/{id}/two-factor", admin, Map.of(), tenantId)
                .problem(400, "invalid-input")
                .fields("field");
        assertThat(rest.call("PUT /api/v1/tenants/{id}/two-factor", admin, Map.of("required", false), tenantId)
                        .expect(200)
                        .json()
                        .path("required")
                        .asBoolean())
                .isFalse();
        // invitations (their mails reach the test's SMTP server; the link's page is the UI's)
        String invited = "invited-" + SUFFIX + "@example.com";
        var invitation = rest.call("POST /api/v1/invitations", tenantAdmin, Map.of("email", invited, "role", "MEMBER"))
                .expect(201)
                .fields("id", "tenantId", "email", "role", "invitedBy", "createdAt", "expiresAt");
        assertThat(invitation.json().path("tenantId").asText()).isEqualTo(tenantId);
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(SMTP.getReceivedMessages()[0].getAllRecipients()[0].toString())
                .isEqualTo(invited);
        rest.call("POST /api/v1/invitations", tenantAdmin, Map.of("email", invited, "role", "MEMBER"))
                .problem(409, "conflict");
        rest.call("POST /api/v1/invitations", tenantAdmin, Map.of("email", "not an address", "role", "MEMBER"))
                .problem(400, "invalid-input");
        rest.call("POST /api/v1/invitations", tenantAdmin, Map.of("email", "op-" + invited, "role", "ADMIN"))
                .problem(400, "invalid-input");
        rest.call("POST /api/v1/invitations", memberToken, Map.of("email", "m-" + invited, "role", "MEMBER"))
                .problem(403, "forbidden");
        var open = rest.call("GET /api/v1/invitations", tenantAdmin, null)
                .expect(200)
                .fields("id", "tenantId", "email", "role", "invitedBy", "createdAt", "expiresAt");
        assertThat(open.json().findValuesAsText("email")).containsExactly(invited);
        rest.call("GET /api/v1/invitations", memberToken, null).problem(403, "forbidden");
        rest.call("GET /api/v1/invitations", admin, null).problem(400, "invalid-input");
        assertThat(rest.call("GET /api/v1/invitations?tenant=" + tenantId, admin, null)
                        .expect(200)
                        .json()
                        .size())
                .isEqualTo(1);
        rest.call("DELETE /api/v1/invitations/{id}", demo, null, invitation.field("id"))
                .problem(404, "not-found");
        rest.call("DELETE /api/v1/invitations/{id}", tenantAdmin, null, invitation.field("id"))
                .expect(204);
        rest.call("DELETE /api/v1/invitations/{id}", tenantAdmin, null, invitation.field("id"))
                .problem(404, "not-found");
        assertThat(rest.call("GET /api/v1/invitations", tenantAdmin, null)
                        .expect(200)
                        .json()
                        .size())
                .isZero();

        // webhooks: tenant admins' (the jar allows loopback receivers); the secret only in the 201
        var hook = rest.call(
                        "POST /api/v1/webhooks",
                        tenantAdmin,
                        Map.of("url", "http://127.0.0.1:9/contract", "events", List.of("quota.changed")))
                .expect(201)
                .fields("id", "tenantId", "url", "events", "createdAt", "secret");
        assertThat(hook.field("secret")).startsWith("whsec_");
        rest.call(
                        "POST /api/v1/webhooks",
                        tenantAdmin,
                        Map.of("url", "gopher://127.0.0.1/x", "events", List.of("quota.changed")))
                .problem(400, "invalid-input");
        var hooks = rest.call("GET /api/v1/webhooks", tenantAdmin, null)
                .expect(200)
                .fields("id", "tenantId", "url", "events", "createdAt");
        assertThat(hooks.json().get(0).has("secret")).isFalse();
        rest.call("GET /api/v1/webhooks", memberToken, null).problem(403, "forbidden");
        rest.call("GET /api/v1/webhooks/{id}/deliveries", tenantAdmin, null, hook.field("id"))
                .expect(200);
        rest.call("DELETE /api/v1/webhooks/{id}", demo, null, hook.field("id")).problem(404, "not-found");
        rest.call("DELETE /api/v1/webhooks/{id}", tenantAdmin, null, hook.field("id"))
                .expect(204);

        rest.call("PUT /api/v1/users/{id}/role", tenantAdmin, Map.of("role", "TENANT_ADMIN"), member.field("id"))
                .expect(200);
        rest.call("PUT /api/v1/users/{id}/role", tenantAdmin, Map.of("role", "ADMIN"), member.field("id"))
                .problem(400, "invalid-input");
        String ownId = users.json()
                .findValuesAsText("id")
                .get(users.json().findValuesAsText("username").indexOf("ctadmin-" + SUFFIX));
        rest.call("PUT /api/v1/users/{id}/role", tenantAdmin, Map.of("role", "MEMBER"), ownId)
                .problem(409, "conflict");
        // two-factor sign-in: only operators take it off a user; a user without it: 409
        rest.call("DELETE /api/v1/users/{id}/two-factor", tenantAdmin, null, member.field("id"))
                .problem(403, "forbidden");
        rest.call("DELETE /api/v1/users/{id}/two-factor", admin, null, member.field("id"))
                .problem(409, "conflict");
        rest.call("DELETE /api/v1/users/{id}", demo, null, member.field("id")).problem(404, "not-found");
        rest.call("DELETE /api/v1/users/{id}", tenantAdmin, null, member.field("id"))
                .expect(204);
        rest.call("GET /api/v1/machines", memberToken, null).problem(401, "unauthorized"); // its tokens went with it

        // notification mails: the caller's own switches
        rest.call("GET /api/v1/notifications", demo, null).expect(200).fields("machine", "quota", "traffic", "login");
        var switched = rest.call("PUT /api/v1/notifications", demo, Map.of("login", false))
                .expect(200)
                .fields("machine", "quota", "traffic", "login");
        assertThat(switched.json().path("login").asBoolean()).isFalse();
        assertThat(switched.json().path("machine").asBoolean()).isTrue();
        rest.call("PUT /api/v1/notifications", demo, Map.of("login", true)).expect(200);

        // SSH keys
        rest.call("POST /api/v1/ssh-keys", demo, Map.of("name", "bad", "publicKey", "-----BEGIN OPENSSH PRIVATE KEY"))
                .problem(400, "invalid-input");
        var key = rest.call("POST /api/v1/ssh-keys", demo, Map.of("name", "laptop", "publicKey", KEY))
                .expect(201)
                .fields("id", "name", "fingerprint");
        assertThat(key.field("fingerprint"))
                .isEqualTo(Shell.run("f=$(mktemp); echo '" + KEY + "' > $f; "
                                + "ssh-keygen -l -f $f | awk '{print $2}'; rm -f $f")
                        .strip());
        rest.call("GET /api/v1/ssh-keys", demo, null).expect(200).fields("id", "name", "fingerprint", "publicKey");
        rest.call("DELETE /api/v1/ssh-keys/{id}", tenantAdmin, null, key.field("id"))
                .problem(404, "not-found");
        rest.call("DELETE /api/v1/ssh-keys/{id}", demo, null, key.field("id")).expect(204);

        // the tenant's life: suspended, its users are locked out; deleted only without machines
        rest.call("POST /api/v1/admin/tenants/{id}/suspend", admin, null, tenantId)
                .expect(200);
        assertThat(rest.call("GET /api/v1/admin/tenants/{id}", admin, null, tenantId)
                        .field("status"))
                .isEqualTo("SUSPENDED");
        assertThat(rest.call("GET /api/v1/machines", tenantAdmin, null).status())
                .isIn(401, 403);
        rest.call("POST /api/v1/admin/tenants/{id}/resume", admin, null, tenantId)
                .expect(200);
        var m = rest.call("POST /api/v1/machines", tenantAdmin, machine("ct-keep", false))
                .expect(201);
        rest.call("DELETE /api/v1/admin/tenants/{id}", admin, null, tenantId).problem(409, "conflict");
        rest.call("DELETE /api/v1/machines/{id}", tenantAdmin, null, m.field("id"))
                .expect(202);
        rest.call("DELETE /api/v1/admin/tenants/{id}", admin, null, tenantId).expect(204);
        rest.call("GET /api/v1/admin/tenants/{id}", admin, null, tenantId).problem(404, "not-found");
    }

    String demoTemplate() {
        for (var t : rest.call("GET /api/v1/templates", demo, null)
                .expect(200)
                .fields("id", "name", "vcpus", "memoryMiB", "diskGiB", "kind")
                .json()) {
            if (t.path("name").asText().equals("Vireo Demo (busybox)")) {
                String id = t.path("id").asText();
                rest.call("GET /api/v1/templates/{id}", demo, null, id)
                        .expect(200)
                        .fields("id", "name", "kind", "cloudInit");
                return id;
            }
        }
        throw new AssertionError("demo template missing (scripts/setup-host builds it)");
    }

    Map<String, Object> machine(String name, boolean start) {
        return Map.of(
                "name",
                name + "-" + SUFFIX,
                "templateId",
                demoTemplate(),
                "vcpus",
                1,
                "memoryMiB",
                128,
                "diskGiB",
                1,
                "start",
                start);
    }

    @Test
    @Order(2)
    void machinesTheirLifecycleSnapshotsConsoleAndUsage() throws Exception {
        var created = rest.call("POST /api/v1/machines", demo, machine("ct-life", true))
                .expect(201)
                .fields("id", "name", "templateId", "vcpus", "memoryMiB", "diskGiB", "state", "createdAt");
        String id = created.field("id");
        assertThat(created.json().has("hostId"))
                .as("tenants are not told the host")
                .isFalse();
        assertThat(created.field("state")).isEqualTo("RUNNING");
        rest.call("POST /api/v1/machines", demo, Map.of("name", "ct-life-" + SUFFIX, "templateId", demoTemplate()))
                .problem(400, "invalid-input");
        rest.call("POST /api/v1/machines", demo, "{\"name\":5}").problem(400, "invalid-input");
        var list = rest.call("GET /api/v1/machines", demo, null).expect(200).fields("id", "name", "state", "addresses");
        assertThat(list.text()).contains(id);
        var asOperator = rest.call("GET /api/v1/machines/{id}", admin, null, id)
                .expect(200)
                .fields("hostId", "tenantId");
        assertThat(asOperator.field("hostId")).isNotBlank();
        var filtered = rest.call("GET /api/v1/machines?state=RUNNING&name=ct-LIFE&page=0&size=5", demo, null)
                .expect(200);
        assertThat(filtered.headers().firstValue("X-Total-Count")).hasValue("1");
        assertThat(rest.call("GET /api/v1/machines?state=STOPPED&name=ct-life", demo, null)
                        .json()
                        .size())
                .isZero();
        rest.call("GET /api/v1/machines?state=BOGUS", demo, null).problem(400, "invalid-input");
        rest.call("GET /api/v1/machines/{id}", demo, null, "not-a-uuid").problem(404, "not-found");

        var console = rest.call("POST /api/v1/machines/{id}/console", demo, null, id)
                .expect(201)
                .fields("url", "expiresAt");
        assertThat(console.field("url")).startsWith("ws://localhost:").contains("/console?ticket=");
        rest.call("POST /api/v1/machines/{id}/console", demo, Map.of("type", "serial"), id)
                .expect(201)
                .fields("url", "expiresAt");
        rest.call("POST /api/v1/machines/{id}/console", demo, Map.of("type", "spice"), id)
                .problem(400, "invalid-input");
        rest.call("POST /api/v1/machines/{id}/start", demo, null, id).problem(409, "conflict");
        // The busybox guest has no agent: no password through it; the template names no user to default to.
        assertThat(rest.call("GET /api/v1/machines/{id}", demo, null, id)
                        .expect(200)
                        .fields("guest")
                        .json()
                        .path("guest")
                        .path("agent")
                        .asText())
                .isEqualTo("DISCONNECTED");
        rest.call("POST /api/v1/machines/{id}/password", demo, Map.of("user", "root"), id)
                .problem(409, "conflict");
        rest.call("POST /api/v1/machines/{id}/password", demo, null, id).problem(400, "invalid-input");
        rest.call("POST /api/v1/machines/{id}/password", admin, Map.of("user", "root"), id)
                .problem(403, "forbidden");
        rest.call("POST /api/v1/machines/{id}/reboot", demo, null, id)
                .expect(202)
                .fields("state");
        rest.call("POST /api/v1/machines/{id}/resize", demo, Map.of("vcpus", 2), id)
                .problem(409, "conflict");
        rest.call("GET /api/v1/machines/{id}/usage?window=hour", demo, null, id).expect(200);
        rest.call("GET /api/v1/machines/{id}/usage?window=week", demo, null, id).problem(400, "invalid-input");
        rest.call("GET /api/v1/machines/{id}/traffic", demo, null, id)
                .expect(200)
                .fields("machineId", "month", "public", "private", "days");
        assertThat(rest.call("GET /api/v1/machines/{id}/traffic?month=2025-01", demo, null, id)
                        .expect(200)
                        .json()
                        .path("public")
                        .path("rxBytes")
                        .asLong())
                .isZero();
        rest.call("GET /api/v1/machines/{id}/traffic?month=2025-13", demo, null, id)
                .problem(400, "invalid-input");
        rest.call("GET /api/v1/admin/traffic?month=2025-01", admin, null).expect(200);
        rest.call("GET /api/v1/admin/traffic", demo, null).problem(403, "forbidden");
        rest.call("GET /api/v1/traffic", demo, null)
                .expect(200)
                .fields("month", "public", "private", "allowancePercent");
        rest.call("GET /api/v1/traffic", admin, null).problem(403, "forbidden");
        var snapshot = rest.call("POST /api/v1/machines/{id}/snapshots", demo, Map.of("name", "before"), id)
                .expect(201)
                .fields("id", "name", "diskGiB", "createdAt");
        rest.call("GET /api/v1/machines/{id}/snapshots", demo, null, id)
                .expect(200)
                .fields("id", "name");
        rest.call("POST /api/v1/machines/{id}/snapshots/{snapshotId}/revert", demo, null, id, snapshot.field("id"))
                .expect(200)
                .fields("state");
        rest.call("DELETE /api/v1/machines/{id}/snapshots/{snapshotId}", demo, null, id, snapshot.field("id"))
                .expect(204);
        assertThat(rest.call("POST /api/v1/machines/{id}/shutdown", demo, null, id)
                        .expect(202)
                        .field("state"))
                .isEqualTo("STOPPING");
        // the guest powers off on the ACPI button, or is powered off after the shutdown timeout (5 s here)
        Poll.until(
                "STOPPED",
                Duration.ofSeconds(60),
                () -> "STOPPED"
                        .equals(rest.call("GET /api/v1/machines/{id}", demo, null, id)
                                .field("state")));
        rest.call("POST /api/v1/machines/{id}/console", demo, null, id).problem(409, "conflict");
        backups(id);
        var resized = rest.call("POST /api/v1/machines/{id}/resize", demo, Map.of("vcpus", 2, "diskGiB", 2), id)
                .expect(200);
        assertThat(resized.json().path("vcpus").asInt()).isEqualTo(2);
        rest.call("POST /api/v1/machines/{id}/resize", demo, Map.of("diskGiB", 1), id)
                .problem(400, "invalid-input");
        rest.call("POST /api/v1/machines/{id}/start", demo, null, id).expect(202);
        rest.call("POST /api/v1/machines/{id}/poweroff", demo, null, id).expect(202);

        // Rename and delete protection; a protected machine is neither deleted nor rebuilt.
        var edited = rest.call(
                        "PATCH /api/v1/machines/{id}",
                        demo,
                        Map.of("name", "ct-renamed-" + SUFFIX, "deleteProtected", true),
                        id)
                .expect(200)
                .fields("name", "deleteProtected");
        assertThat(edited.field("name")).isEqualTo("ct-renamed-" + SUFFIX);
        rest.call("PATCH /api/v1/machines/{id}", demo, Map.of("name", "Not A Name!"), id)
                .problem(400, "invalid-input");
        rest.call("DELETE /api/v1/machines/{id}", demo, null, id).problem(409, "conflict");
        rest.call("POST /api/v1/machines/{id}/rebuild", demo, Map.of("templateId", demoTemplate()), id)
                .problem(409, "conflict");
        rest.call("PATCH /api/v1/machines/{id}", demo, Map.of("deleteProtected", false), id)
                .expect(200);
        // Rebuild: a fresh disk from the template, snapshots gone, the same id, name and sizes.
        rest.call("POST /api/v1/machines/{id}/snapshots", demo, Map.of("name", "before-rebuild"), id)
                .expect(201);
        rest.call("POST /api/v1/machines/{id}/rebuild", demo, Map.of("templateId", UUID.randomUUID()), id)
                .problem(400, "invalid-input");
        var rebuilt = rest.call("POST /api/v1/machines/{id}/rebuild", demo, Map.of("templateId", demoTemplate()), id)
                .expect(202)
                .fields("id", "state");
        assertThat(rebuilt.field("id")).isEqualTo(id);
        assertThat(rebuilt.field("state")).isEqualTo("STOPPED");
        assertThat(rebuilt.json().path("vcpus").asInt()).isEqualTo(2);
        assertThat(rest.call("GET /api/v1/machines/{id}/snapshots", demo, null, id)
                        .json()
                        .size())
                .isZero();
        // Rescue: the rescue system boots (its disk attached), then the machine's own system again.
        var rescue = rest.call("POST /api/v1/machines/{id}/rescue", demo, Map.of("enabled", true), id)
                .expect(202)
                .fields("rescue", "state");
        assertThat(rescue.json().path("rescue").asBoolean()).isTrue();
        assertThat(rescue.field("state")).isEqualTo("RUNNING");
        rest.call("POST /api/v1/machines/{id}/rescue", demo, Map.of("enabled", true), id)
                .problem(409, "conflict");
        rest.call("POST /api/v1/machines/{id}/rescue", demo, Map.of(), id).problem(400, "invalid-input");
        assertThat(rest.call("POST /api/v1/machines/{id}/rescue", demo, Map.of("enabled", false), id)
                        .expect(202)
                        .json()
                        .path("rescue")
                        .asBoolean())
                .isFalse();
        rest.call("POST /api/v1/machines/{id}/poweroff", demo, null, id).expect(202);
        var quota = rest.call("GET /api/v1/quota", demo, null).expect(200).fields("limits", "used", "reserved");
        assertThat(quota.json().path("used").path("machines").asInt()).isEqualTo(1);
        for (String part : new String[] {"limits", "used", "reserved"}) {
            assertThat(quota.json().path(part).has("backupGiB"))
                    .as(part + ".backupGiB")
                    .isTrue();
        }
        rest.call("DELETE /api/v1/machines/{id}", demo, null, id).expect(202);
        rest.call("GET /api/v1/machines/{id}", demo, null, id).problem(404, "not-found");
    }

    /** Backups of the stopped machine {@code id}: refused without a backup directory; taken, listed, restored. */
    private void backups(String id) throws Exception {
        String local = null;
        for (var h :
                rest.call("GET /api/v1/admin/hosts", admin, null).expect(200).json()) {
            if (h.path("host").path("name").asText().equals("local")) {
                local = h.path("host").path("id").asText();
            }
        }
        assertThat(local).isNotNull();
        rest.call("POST /api/v1/machines/{id}/backups", demo, null, id).problem(409, "conflict");
        rest.call("POST /api/v1/admin/hosts/{id}/backup-dir", admin, Map.of("backupDir", "relative/dir"), local)
                .problem(400, "invalid-input");
        rest.call("POST /api/v1/admin/hosts/{id}/backup-dir", demo, Map.of("backupDir", BACKUP_DIR.toString()), local)
                .problem(403, "forbidden");
        assertThat(rest.call(
                                "POST /api/v1/admin/hosts/{id}/backup-dir",
                                admin,
                                Map.of("backupDir", BACKUP_DIR.toString()),
                                local)
                        .expect(200)
                        .field("backupDir"))
                .isEqualTo(BACKUP_DIR.toString());
        try {
            var begun = rest.call("POST /api/v1/machines/{id}/backups", demo, null, id)
                    .expect(202)
                    .fields("id", "state", "kind", "storedBytes", "createdAt");
            assertThat(begun.field("state")).isEqualTo("running");
            String backupId = begun.field("id");
            Poll.until(
                    "backup done",
                    Duration.ofSeconds(60),
                    () -> !"running"
                            .equals(rest.call("GET /api/v1/machines/{id}/backups/{backupId}", demo, null, id, backupId)
                                    .expect(200)
                                    .field("state")));
            assertThat(rest.call("GET /api/v1/machines/{id}/backups/{backupId}", demo, null, id, backupId)
                            .expect(200)
                            .fields("live", "frozen", "finishedAt")
                            .field("state"))
                    .isEqualTo("done");
            rest.call("GET /api/v1/machines/{id}/backups", demo, null, id)
                    .expect(200)
                    .fields("id", "kind");
            Poll.until(
                    "machine free",
                    Duration.ofSeconds(10),
                    () -> rest.call("GET /api/v1/machines/{id}", demo, null, id)
                            .json()
                            .path("stateDetail")
                            .isMissingNode());
            assertThat(rest.call("POST /api/v1/machines/{id}/backups/{backupId}/restore", demo, null, id, backupId)
                            .expect(200)
                            .field("state"))
                    .isEqualTo("STOPPED");
            rest.call(
                            "GET /api/v1/machines/{id}/backups/{backupId}",
                            demo,
                            null,
                            id,
                            UUID.randomUUID().toString())
                    .problem(404, "not-found");
            rest.call(
                            "POST /api/v1/machines/{id}/backups/{backupId}/restore-as-new",
                            demo,
                            Map.of("name", "Not A Name!"),
                            id,
                            backupId)
                    .problem(400, "invalid-input");
            var copy = rest.call(
                            "POST /api/v1/machines/{id}/backups/{backupId}/restore-as-new",
                            demo,
                            Map.of("name", "ct-restored-" + SUFFIX),
                            id,
                            backupId)
                    .expect(201)
                    .fields("id", "name", "state");
            assertThat(copy.field("name")).isEqualTo("ct-restored-" + SUFFIX);
            rest.call("DELETE /api/v1/machines/{id}", demo, null, copy.field("id"))
                    .expect(202);
            rest.call("DELETE /api/v1/machines/{id}/backups/{backupId}", demo, null, id, backupId)
                    .expect(204);
            var schedule = rest.call(
                            "POST /api/v1/machines/{id}/backup-schedules",
                            demo,
                            Map.of("frequency", "daily", "time", "03:15", "zone", "Europe/Berlin", "retention", 3),
                            id)
                    .expect(201)
                    .fields("id", "frequency", "time", "zone", "retention", "nextRunAt");
            rest.call(
                            "POST /api/v1/machines/{id}/backup-schedules",
                            demo,
                            Map.of("frequency", "daily", "time", "3 am", "zone", "Europe/Berlin", "retention", 3),
                            id)
                    .problem(400, "invalid-input");
            rest.call("GET /api/v1/machines/{id}/backup-schedules", demo, null, id)
                    .expect(200)
                    .fields("id", "frequency");
            rest.call(
                            "DELETE /api/v1/machines/{id}/backup-schedules/{scheduleId}",
                            demo,
                            null,
                            id,
                            schedule.field("id"))
                    .expect(204);
        } finally {
            rest.call(
                            "POST /api/v1/admin/hosts/{id}/backup-dir",
                            admin,
                            Collections.singletonMap("backupDir", null),
                            local)
                    .expect(200);
        }
    }

    @Test
    @Order(3)
    void templatesAreRegisteredOnlyFromTheTemplateDirectoryAndDeletedWhenUnused() throws Exception {
        Files.createDirectories(IMAGES);
        Path good = IMAGES.resolve("good.qcow2");
        Path dataFile = IMAGES.resolve("with-data-file.qcow2");
        Path outside = Files.createTempFile("vireo-outside", ".qcow2");
        Shell.run("qemu-img create -q -f qcow2 " + good + " 1G && qemu-img create -q -f qcow2 -o data_file=" + IMAGES
                + "/data.raw " + dataFile + " 16M && qemu-img create -q -f qcow2 " + outside + " 1G");
        rest.call(
                        "POST /api/v1/admin/templates",
                        admin,
                        Map.of("name", "outside " + SUFFIX, "imagePath", outside.toString()))
                .problem(400, "invalid-input");
        var refused = rest.call(
                        "POST /api/v1/admin/templates",
                        admin,
                        Map.of("name", "data file " + SUFFIX, "imagePath", dataFile.toString()))
                .problem(400, "invalid-input");
        assertThat(refused.json().path("detail").asText()).contains("data file");
        rest.call("POST /api/v1/admin/templates", demo, Map.of("name", "x", "imagePath", good.toString()))
                .problem(403, "forbidden");
        rest.call(
                        "POST /api/v1/admin/templates",
                        admin,
                        Map.of("name", "keymap " + SUFFIX, "imagePath", good.toString(), "keymap", "fr"))
                .problem(400, "invalid-input");
        var template = rest.call(
                        "POST /api/v1/admin/templates",
                        admin,
                        Map.of(
                                "name",
                                "contract " + SUFFIX,
                                "imagePath",
                                good.toString(),
                                "vcpus",
                                1,
                                "memoryMiB",
                                256,
                                "cloudInit",
                                false,
                                "keymap",
                                "de"))
                .expect(201)
                .fields("id", "name", "vcpus", "memoryMiB", "diskGiB", "kind", "keymap");
        assertThat(template.field("keymap")).isEqualTo("de");
        String templateId = template.field("id");
        var m = rest.call(
                        "POST /api/v1/machines",
                        demo,
                        Map.of("name", "ct-image-" + SUFFIX, "templateId", templateId, "start", false))
                .expect(201);
        rest.call("DELETE /api/v1/admin/templates/{id}", admin, null, templateId)
                .problem(409, "conflict");
        rest.call("DELETE /api/v1/machines/{id}", demo, null, m.field("id")).expect(202);
        rest.call("DELETE /api/v1/admin/templates/{id}", admin, null, templateId)
                .expect(204);
        assertThat(rest.call("GET /api/v1/templates", demo, null).text()).doesNotContain(templateId);
        Files.deleteIfExists(outside);

        // Imported: as the body of PUT …/image after a POST without path or URL, or fetched from a URL.
        var importing = rest.call(
                        "POST /api/v1/admin/templates", admin, Map.of("name", "upload " + SUFFIX, "format", "qcow2"))
                .expect(202)
                .fields("id", "status", "progress");
        assertThat(importing.field("status")).isEqualTo("IMPORTING");
        rest.call("PUT /api/v1/admin/templates/{id}/image", demo, Files.readAllBytes(good), importing.field("id"))
                .problem(403, "forbidden");
        var refusedUpload = rest.call(
                        "PUT /api/v1/admin/templates/{id}/image",
                        admin,
                        Files.readAllBytes(dataFile),
                        importing.field("id"))
                .problem(400, "invalid-input");
        assertThat(refusedUpload.json().path("detail").asText()).contains("another file");
        var uploaded = rest.call(
                        "PUT /api/v1/admin/templates/{id}/image",
                        admin,
                        Files.readAllBytes(good),
                        importing.field("id"))
                .expect(200)
                .fields("status", "sha256", "imageFormat", "minDiskGiB");
        assertThat(uploaded.field("status")).isEqualTo("READY");
        rest.call("PUT /api/v1/admin/templates/{id}/image", admin, Files.readAllBytes(good), importing.field("id"))
                .problem(409, "conflict");
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good.qcow2", exchange -> {
            exchange.sendResponseHeaders(200, Files.size(good));
            try (var out = exchange.getResponseBody()) {
                Files.copy(good, out);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/good.qcow2";
            var fetched = rest.call(
                            "POST /api/v1/admin/templates",
                            admin,
                            Map.of("name", "url " + SUFFIX, "url", url, "sha256", uploaded.field("sha256")))
                    .expect(202);
            Poll.until(
                    "the fetched template READY",
                    Duration.ofSeconds(60),
                    () -> "READY"
                            .equals(rest.call("GET /api/v1/templates/{id}", admin, null, fetched.field("id"))
                                    .field("status")));
            rest.call("DELETE /api/v1/admin/templates/{id}", admin, null, fetched.field("id"))
                    .expect(204);
        } finally {
            server.stop(0);
        }
        rest.call("DELETE /api/v1/admin/templates/{id}", admin, null, importing.field("id"))
                .expect(204);

        // The ISO library: an ISO 9660 image imported like an image, listed for tenants, not a template.
        Path isoDir = Files.createTempDirectory("vireo-iso");
        Files.writeString(isoDir.resolve("README.TXT"), "contract");
        Path iso = isoDir.resolve("data.iso");
        Shell.run("genisoimage -quiet -o " + iso + " " + isoDir.resolve("README.TXT"));
        var isoCreated = rest.call("POST /api/v1/admin/isos", admin, Map.of("name", "iso " + SUFFIX))
                .expect(202)
                .fields("id", "status");
        String isoId = isoCreated.field("id");
        rest.call("PUT /api/v1/admin/isos/{id}/image", admin, Files.readAllBytes(good), isoId)
                .problem(400, "invalid-input");
        assertThat(rest.call("PUT /api/v1/admin/isos/{id}/image", admin, Files.readAllBytes(iso), isoId)
                        .expect(200)
                        .field("status"))
                .isEqualTo("READY");
        assertThat(rest.call("GET /api/v1/isos", demo, null).expect(200).text()).contains(isoId);
        assertThat(rest.call("GET /api/v1/templates", demo, null).text()).doesNotContain(isoId);
        // shown to chosen tenants only: an unknown tenant is bad input; shown to none, the demo tenant no longer
        // lists it; tenants cannot change it; shown to all again (null), "tenantIds" is left out
        rest.call(
                        "PUT /api/v1/admin/isos/{id}/tenants",
                        admin,
                        Map.of("tenantIds", List.of(UUID.randomUUID().toString())),
                        isoId)
                .problem(400, "invalid-input");
        assertThat(rest.call("PUT /api/v1/admin/isos/{id}/tenants", admin, Map.of("tenantIds", List.of()), isoId)
                        .expect(200)
                        .json()
                        .path("tenantIds")
                        .size())
                .isZero();
        assertThat(rest.call("GET /api/v1/isos", demo, null).expect(200).text()).doesNotContain(isoId);
        rest.call("PUT /api/v1/admin/isos/{id}/tenants", demo, Map.of("tenantIds", List.of()), isoId)
                .problem(403, "forbidden");
        assertThat(rest.call(
                                "PUT /api/v1/admin/isos/{id}/tenants",
                                admin,
                                Collections.singletonMap("tenantIds", null),
                                isoId)
                        .expect(200)
                        .json()
                        .has("tenantIds"))
                .isFalse();
        assertThat(rest.call("GET /api/v1/isos", demo, null).expect(200).text()).contains(isoId);
        var kernelBoot = rest.call("POST /api/v1/machines", demo, machine("ct-iso", false))
                .expect(201);
        rest.call("POST /api/v1/machines/{id}/iso", demo, Map.of("isoId", isoId), kernelBoot.field("id"))
                .problem(409, "conflict");
        rest.call("DELETE /api/v1/machines/{id}", demo, null, kernelBoot.field("id"))
                .expect(202);
        rest.call("DELETE /api/v1/admin/isos/{id}", demo, null, isoId).problem(403, "forbidden");
        rest.call("DELETE /api/v1/admin/isos/{id}", admin, null, isoId).expect(204);
    }

    @Test
    @Order(4)
    void parallelCreatesOverQuotaAre409QuotaExceeded() throws Exception {
        String tenant = tenantIdOfDemo();
        rest.call(
                        "PUT /api/v1/admin/tenants/{id}/quota",
                        admin,
                        Map.of("vcpus", 8, "memoryMiB", 8192, "diskGiB", 50, "machines", 3),
                        tenant)
                .expect(200);
        var futures = new ArrayList<CompletableFuture<Rest.Answer>>();
        for (int i = 0; i < 12; i++) {
            var body = machine("ct-par-" + i, false);
            futures.add(CompletableFuture.supplyAsync(() -> rest.call("POST /api/v1/machines", demo, body)));
        }
        var answers = futures.stream().map(CompletableFuture::join).toList();
        var created = answers.stream().filter(a -> a.status() == 201).toList();
        var refused = answers.stream().filter(a -> a.status() != 201).toList();
        assertThat(created).hasSize(3);
        assertThat(refused).hasSize(9).allSatisfy(a -> {
            a.problem(409, "quota-exceeded");
            assertThat(a.json().path("limit").asText()).isEqualTo("machines");
            tenantSaw.add(a.text());
        });
        for (var a : created) {
            rest.call("DELETE /api/v1/machines/{id}", demo, null, a.field("id")).expect(202);
        }
    }

    @Test
    @Order(5)
    void publicAddressesComeFromPoolsWithinTheIpv4QuotaEachWithItsOwn409() throws Exception {
        String tenant = tenantIdOfDemo();
        String localHost = null;
        for (var h :
                rest.call("GET /api/v1/admin/hosts", admin, null).expect(200).json()) {
            if (h.path("host").path("name").asText().equals("local")) {
                localHost = h.path("host").path("id").asText();
            }
        }
        rest.call(
                        "PUT /api/v1/admin/tenants/{id}/quota",
                        admin,
                        Map.of("vcpus", 8, "memoryMiB", 8192, "diskGiB", 50, "machines", 10, "ipv4", 1),
                        tenant)
                .expect(200);
        assertThat(rest.call("GET /api/v1/quota", demo, null)
                        .expect(200)
                        .json()
                        .path("limits")
                        .path("ipv4")
                        .asInt())
                .isEqualTo(1);
        // a /29 of the documentation range: 6 host addresses, the gateway and 4 reserved leave one
        var pool = Map.<String, Object>of(
                "name",
                "ct-pool-" + SUFFIX,
                "hostId",
                localHost,
                "cidr",
                "192.0.2.0/29",
                "gateway",
                "192.0.2.1",
                "bridge",
                "vireo-ct0",
                "reserved",
                List.of("192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"));
        var bad = new HashMap<>(pool);
        bad.put("cidr", "192.0.2.0/33");
        assertThat(rest.call("POST /api/v1/admin/ip-pools", admin, bad)
                        .problem(400, "invalid-input")
                        .text())
                .contains("cidr");
        bad.put("cidr", "192.0.2.0/29");
        bad.put("gateway", "198.51.100.1");
        assertThat(rest.call("POST /api/v1/admin/ip-pools", admin, bad)
                        .problem(400, "invalid-input")
                        .text())
                .contains("gateway");
        rest.call("POST /api/v1/admin/ip-pools", demo, pool).problem(403, "forbidden");
        String poolId = rest.call("POST /api/v1/admin/ip-pools", admin, pool)
                .expect(201)
                .fields("id", "name", "hostId", "cidr", "gateway", "bridge", "reserved", "used")
                .field("id");
        // one overlapping it is refused
        var overlapping = new HashMap<>(pool);
        overlapping.put("name", "ct-pool2-" + SUFFIX);
        overlapping.put("cidr", "192.0.2.0/28");
        assertThat(rest.call("POST /api/v1/admin/ip-pools", admin, overlapping)
                        .problem(400, "invalid-input")
                        .text())
                .contains("cidr");
        assertThat(rest.call("GET /api/v1/admin/ip-pools", admin, null)
                        .expect(200)
                        .text())
                .contains(poolId);

        var withIp = new HashMap<>(machine("ct-pub", false));
        withIp.put("publicIpv4", true);
        var m = rest.call("POST /api/v1/machines", demo, withIp).expect(201);
        var nics = m.json().path("interfaces");
        assertThat(nics.get(0).path("network").asText()).isEqualTo("private");
        assertThat(nics.get(1).path("network").asText()).isEqualTo("public");
        assertThat(nics.get(1).path("addresses").get(0).asText()).isEqualTo("192.0.2.6");
        assertThat(m.json().path("addresses").toString()).contains("192.0.2.6");
        assertThat(rest.call("GET /api/v1/quota", demo, null)
                        .expect(200)
                        .json()
                        .path("used")
                        .path("ipv4")
                        .asInt())
                .isEqualTo(1);
        assertThat(rest.call("GET /api/v1/admin/ip-pools/{id}", admin, null, poolId)
                        .expect(200)
                        .json()
                        .path("used")
                        .asInt())
                .isEqualTo(1);
        // its firewall: the default (VIREO_FIREWALL_DEFAULT, tcp 22 from anywhere) at first; a bad rule 400 naming
        // it; rules replaced and read back
        var initial = rest.call("GET /api/v1/machines/{id}/firewall", demo, null, m.field("id"))
                .expect(200)
                .json()
                .path("rules");
        assertThat(initial.size()).isEqualTo(1);
        assertThat(initial.get(0).path("protocol").asText()).isEqualTo("tcp");
        assertThat(initial.get(0).path("ports").asText()).isEqualTo("22");
        assertThat(initial.get(0).path("source").asText()).isEqualTo("0.0.0.0/0");
        assertThat(rest.call(
                                "PUT /api/v1/machines/{id}/firewall",
                                demo,
                                Map.of("rules", List.of(Map.of("protocol", "tcp", "ports", "22-21"))),
                                m.field("id"))
                        .problem(400, "invalid-input")
                        .text())
                .contains("rules[0].ports");
        var rules = rest.call(
                        "PUT /api/v1/machines/{id}/firewall",
                        demo,
                        Map.of(
                                "rules",
                                List.of(
                                        Map.of("protocol", "tcp", "ports", "22", "source", "0.0.0.0/0"),
                                        Map.of("protocol", "icmp"))),
                        m.field("id"))
                .expect(200);
        assertThat(rules.json().path("rules").size()).isEqualTo(2);
        rest.call("PUT /api/v1/machines/{id}/firewall", admin, Map.of("rules", List.of()), m.field("id"))
                .problem(403, "forbidden");
        // over the quota: 409 quota-exceeded naming ipv4; with room in the quota but none in the pool: its own 409
        withIp.put("name", "ct-pub2-" + SUFFIX);
        var over = rest.call("POST /api/v1/machines", demo, withIp).problem(409, "quota-exceeded");
        assertThat(over.json().path("limit").asText()).isEqualTo("ipv4");
        tenantSaw.add(over.text());
        rest.call(
                        "PUT /api/v1/admin/tenants/{id}/quota",
                        admin,
                        Map.of("vcpus", 8, "memoryMiB", 8192, "diskGiB", 50, "machines", 10, "ipv4", 2),
                        tenant)
                .expect(200);
        var exhausted = rest.call("POST /api/v1/machines", demo, withIp).problem(409, "no-address");
        tenantSaw.add(exhausted.text());
        assertThat(rest.call("GET /api/v1/machines?name=ct-pub2", demo, null)
                        .expect(200)
                        .json())
                .isEmpty();
        // addresses of the machine: listed, a PTR stored (a bad one 400 naming ptr), one more refused while the
        // pool is empty, taken off (204, then 404) and added again (201, stopped: not live)
        rest.call("POST /api/v1/machines/{id}/ips", demo, null, m.field("id")).problem(409, "no-address");
        assertThat(rest.call("GET /api/v1/machines/{id}/ips", demo, null, m.field("id"))
                        .expect(200)
                        .json()
                        .get(0)
                        .path("address")
                        .asText())
                .isEqualTo("192.0.2.6");
        assertThat(rest.call(
                                "PUT /api/v1/machines/{id}/ips/{address}",
                                demo,
                                Map.of("ptr", "no such name!"),
                                m.field("id"),
                                "192.0.2.6")
                        .problem(400, "invalid-input")
                        .text())
                .contains("ptr");
        rest.call(
                        "PUT /api/v1/machines/{id}/ips/{address}",
                        demo,
                        Map.of("ptr", "ct.example.org"),
                        m.field("id"),
                        "192.0.2.6")
                .expect(200)
                .fields("address", "prefix", "gateway", "mac", "ptr");
        rest.call("POST /api/v1/machines/{id}/ips", admin, null, m.field("id")).problem(403, "forbidden");
        rest.call("DELETE /api/v1/machines/{id}/ips/{address}", demo, null, m.field("id"), "192.0.2.6")
                .expect(204);
        rest.call("DELETE /api/v1/machines/{id}/ips/{address}", demo, null, m.field("id"), "192.0.2.6")
                .problem(404, "not-found");
        var again = rest.call("POST /api/v1/machines/{id}/ips", demo, null, m.field("id"))
                .expect(201)
                .fields("address", "prefix", "gateway", "mac", "ptr", "applied");
        assertThat(again.json().path("address").asText()).isEqualTo("192.0.2.6");
        assertThat(again.json().path("ptr").isNull()).isTrue();
        assertThat(again.json().path("applied").asText()).isIn("next-boot", "manual");
        if (again.json().path("applied").asText().equals("next-boot")) {
            assertThat(again.json().path("pending").asText()).isEqualTo("reboot");
        }
        // a pool in use stays; the address goes with its machine, then the pool can go
        rest.call("DELETE /api/v1/admin/ip-pools/{id}", admin, null, poolId).problem(409, "conflict");
        rest.call("DELETE /api/v1/machines/{id}", demo, null, m.field("id")).expect(202);
        long until = System.currentTimeMillis() + 60_000;
        while (rest.call("GET /api/v1/quota", demo, null)
                                .json()
                                .path("used")
                                .path("ipv4")
                                .asInt()
                        != 0
                && System.currentTimeMillis() < until) {
            Thread.sleep(200);
        }
        rest.call("DELETE /api/v1/admin/ip-pools/{id}", admin, null, poolId).expect(204);
        rest.call("GET /api/v1/admin/ip-pools/{id}", admin, null, poolId).problem(404, "not-found");
    }

    @Test
    @Order(5)
    void noRoomFullStorageAndNoHostAnsweringHaveTheirOwnAnswers() throws Exception {
        String tenant = tenantIdOfDemo();
        rest.call(
                        "PUT /api/v1/admin/tenants/{id}/quota",
                        admin,
                        Map.of("vcpus", 8, "memoryMiB", 4 * 1024 * 1024, "diskGiB", 100, "machines", 5, "snapshots", 3),
                        tenant)
                .expect(200);
        // 1 TiB of memory fits the quota but no host
        var huge = new HashMap<>(machine("ct-huge", false));
        huge.put("memoryMiB", 1024 * 1024);
        tenantSaw.add(rest.call("POST /api/v1/machines", demo, huge)
                .problem(409, "no-capacity")
                .text());

        // the pool's file system full
        Shell.run("dd if=/dev/zero of=" + POOL_DIR.resolve("filler") + " bs=64k 2>/dev/null; true");
        tenantSaw.add(rest.call("POST /api/v1/machines", demo, machine("ct-full", false))
                .problem(409, "storage-full")
                .text());
        Files.delete(POOL_DIR.resolve("filler"));

        // hosts: a second host; an operator's move record that does not hold is refused
        var hosts = rest.call("GET /api/v1/admin/hosts", admin, null)
                .expect(200)
                .fields("host", "reachable", "cpus", "memoryMiB", "domains", "runningDomains");
        String localId = hosts.json().get(0).path("host").path("id").asText();
        rest.call("GET /api/v1/admin/hosts", demo, null).problem(403, "forbidden");
        rest.call(
                        "POST /api/v1/admin/hosts",
                        admin,
                        Map.of("name", "plain-" + SUFFIX, "uri", "qemu+tcp://192.0.2.10/system", "accelerator", "tcg"))
                .problem(400, "invalid-input");
        rest.call("POST /api/v1/admin/hosts", admin, Map.of("name", "bad-" + SUFFIX, "uri", "xen:///system"))
                .problem(400, "invalid-input");
        String secondUri = SecondLibvirtd.start();
        // the second libvirtd shares this machine's network namespace: its networks get no host address, no DHCP
        var second = rest.call(
                        "POST /api/v1/admin/hosts",
                        admin,
                        Map.of(
                                "name",
                                SECOND_HOST,
                                "uri",
                                secondUri,
                                "accelerator",
                                "tcg",
                                "networkMode",
                                "isolated",
                                "dns",
                                "none"))
                .expect(201)
                .fields("id", "name", "uri", "accelerator", "maintenance", "networkMode", "dns");
        assertThat(second.json().path("networkMode").asText()).isEqualTo("isolated");
        assertThat(second.json().path("dns").asText()).isEqualTo("none");
        var stopped = rest.call("POST /api/v1/machines", demo, machine("ct-move", false))
                .expect(201);
        rest.call(
                        "POST /api/v1/admin/machines/{id}/host",
                        admin,
                        Map.of("hostId", second.field("id")),
                        stopped.field("id"))
                .problem(409, "conflict");
        rest.call(
                        "POST /api/v1/admin/machines/{id}/host",
                        demo,
                        Map.of("hostId", second.field("id")),
                        stopped.field("id"))
                .problem(403, "forbidden");
        // a move: refused while the target has no migration address, and (set) from the portal's own host; an
        // address that is none is a 400; tenants may not; a cancel with nothing in progress changes nothing
        rest.call(
                        "POST /api/v1/admin/machines/{id}/migrate",
                        admin,
                        Map.of("hostId", second.field("id")),
                        stopped.field("id"))
                .problem(409, "conflict");
        rest.call(
                        "POST /api/v1/admin/hosts/{id}/migration-address",
                        admin,
                        Map.of("migrationAddress", "not an address"),
                        second.field("id"))
                .problem(400, "invalid-input");
        assertThat(rest.call(
                                "POST /api/v1/admin/hosts/{id}/migration-address",
                                admin,
                                Map.of("migrationAddress", "198.51.100.7"),
                                second.field("id"))
                        .expect(200)
                        .json()
                        .path("migrationAddress")
                        .asText())
                .isEqualTo("198.51.100.7");
        rest.call(
                        "POST /api/v1/admin/machines/{id}/migrate",
                        admin,
                        Map.of("hostId", second.field("id")),
                        stopped.field("id"))
                .problem(409, "conflict");
        rest.call(
                        "POST /api/v1/admin/machines/{id}/migrate",
                        demo,
                        Map.of("hostId", second.field("id")),
                        stopped.field("id"))
                .problem(403, "forbidden");
        rest.call("POST /api/v1/admin/machines/{id}/migrate/cancel", admin, null, stopped.field("id"))
                .expect(202);
        rest.call("DELETE /api/v1/machines/{id}", demo, null, stopped.field("id"))
                .expect(202);
        // a drain: maintenance with evacuate; its state shows in the hosts' list (nothing on it to move here)
        assertThat(rest.call(
                                "POST /api/v1/admin/hosts/{id}/maintenance",
                                admin,
                                Map.of("maintenance", true, "evacuate", true),
                                second.field("id"))
                        .expect(200)
                        .json()
                        .path("maintenance")
                        .asBoolean())
                .isTrue();
        JsonNode drain = MissingNode.getInstance();
        for (int i = 0; i < 50 && !drain.path("state").asText().equals("done"); i++) {
            Thread.sleep(200);
            for (var h : rest.call("GET /api/v1/admin/hosts", admin, null)
                    .expect(200)
                    .json()) {
                if (h.path("host").path("id").asText().equals(second.field("id"))) {
                    drain = h.path("drain");
                }
            }
        }
        assertThat(drain.path("state").asText()).isEqualTo("done");
        for (String field : List.of("total", "moved", "moving", "remaining", "staying", "startedAt", "endedAt")) {
            assertThat(drain.has(field)).as(field).isTrue();
        }
        rest.call(
                        "POST /api/v1/admin/hosts/{id}/maintenance",
                        demo,
                        Map.of("maintenance", true, "evacuate", true),
                        second.field("id"))
                .problem(403, "forbidden");
        rest.call("POST /api/v1/admin/hosts/{id}/maintenance", admin, Map.of("maintenance", false), second.field("id"))
                .expect(200);

        // the portal's own host in maintenance and the other one silent: nobody can take a machine
        rest.call("POST /api/v1/admin/hosts/{id}/maintenance", admin, Map.of("maintenance", true), localId)
                .expect(200);
        SecondLibvirtd.stop();
        var unavailable = rest.call("POST /api/v1/machines", demo, machine("ct-nohost", false))
                .problem(503, "no-host-available");
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        tenantSaw.add(unavailable.text());
        assertThat(rest.call("POST /api/v1/admin/hosts/{id}/maintenance", admin, Map.of("maintenance", false), localId)
                        .expect(200)
                        .json()
                        .path("maintenance")
                        .asBoolean())
                .isFalse();

        // What the tenant can read after those failed creates names no host, URI, path, key file or capacity.
        tenantSaw.add(rest.call("GET /api/v1/machines", demo, null).text());
        var audit = rest.call("GET /api/v1/audit?action=machine.", demo, null)
                .expect(200)
                .fields("id", "at", "actor", "tenant", "action", "target", "outcome", "source");
        assertThat(audit.text()).doesNotContain("operatorDetail").contains("machine.create");
        tenantSaw.add(audit.text());
        var operatorView = rest.call("GET /api/v1/audit?action=machine.create&tenant=" + tenant, admin, null)
                .expect(200);
        assertThat(operatorView.text()).contains("operatorDetail", "no host answers");
        var infrastructure = Pattern.compile("://|keyfile|/var/|/tmp/|" + Pattern.quote(SECOND_HOST)
                + "|GiB free| of \\d+ MiB|unreachable|qemu|libvirt");
        for (String text : tenantSaw) {
            String withoutProblemTypes = text.replaceAll("https://vireo\\.org/problems/[a-z-]+", "");
            assertThat(infrastructure.matcher(withoutProblemTypes).find())
                    .as("tenant saw: " + text)
                    .isFalse();
        }
    }

    @Test
    @Order(6)
    void auditReadsAndUnknownApiPaths() {
        var page = rest.call("GET /api/v1/audit?page=0&size=2", admin, null).expect(200);
        assertThat(page.json().size()).isEqualTo(2);
        assertThat(Long.parseLong(page.headers().firstValue("X-Total-Count").orElseThrow()))
                .isGreaterThan(2);
        rest.call("GET /api/v1/audit?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", admin, null)
                .problem(400, "invalid-input");
        var unknown = rest.raw("GET", "/api/v1/nothing-here", "Bearer " + admin).problem(404, "not-found");
        assertThat(unknown.headers().firstValue("Set-Cookie")).isEmpty();
        rest.raw("GET", "/api/v1/nothing-here", null).problem(401, "unauthorized");
    }

    @Test
    @Order(7)
    void theTableListsEveryEndpointAndTheTestCoversEveryRow() throws Exception {
        var rows = ReadmeTable.rows(Path.of("../README.md"));
        assertThat(rows).isNotEmpty();
        var documented = new TreeSet<String>();
        rows.values().forEach(documented::addAll);
        var api = rest.raw("GET", "/v3/api-docs", "Bearer " + admin).expect(200).json();
        var existing = new TreeSet<String>();
        api.path("paths")
                .fields()
                .forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
                    if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                        existing.add(method.toUpperCase() + " " + p.getKey());
                    }
                }));
        assertThat(documented)
                .as("README's REST table lists every endpoint of the jar")
                .containsAll(existing);
        assertThat(existing).as("every endpoint in README exists").containsAll(documented);
        for (var row : rows.entrySet()) {
            assertThat(rest.exercised).as("row " + row.getKey()).containsAll(row.getValue());
        }
    }

    /** Last: it locks this machine's address out of password logins for a while. */
    @Test
    @Order(8)
    void forwardedAddressesOfPeersThatAreNoTrustedProxyAreIgnored() {
        String user = "demo";
        for (int i = 1; i <= 25; i++) {
            rest.callWithHeaders("POST /api/v1/tokens", Rest.basic(user, "wrong-password-" + i), null, new String[] {
                        "X-Forwarded-For", "198.51.100." + i
                    })
                    .problem(401, "unauthorized");
        }
        // each attempt claimed another address, but all came from here: the user is throttled here
        rest.callWithHeaders("POST /api/v1/tokens", Rest.basic(user, PortalJar.DEMO_PASSWORD), null, new String[] {
                    "X-Forwarded-For", "198.51.100.200"
                })
                .problem(401, "unauthorized");
        var logins = rest.call("GET /api/v1/audit?action=login&actor=demo&size=50", admin, null)
                .expect(200)
                .json();
        assertThat(logins.size()).isGreaterThanOrEqualTo(26);
        for (var e : logins) {
            assertThat(e.path("target").asText()).isIn("127.0.0.1", "::1");
            assertThat(e.path("source").asText()).isEqualTo("API");
        }
        assertThat(logins.toString()).contains("throttled");
    }

    String tenantIdOfDemo() {
        for (var t : rest.call("GET /api/v1/admin/tenants?name=demo", admin, null)
                .expect(200)
                .json()) {
            if (t.path("name").asText().equals("demo")) {
                return t.path("id").asText();
            }
        }
        throw new AssertionError("no demo tenant");
    }
}
