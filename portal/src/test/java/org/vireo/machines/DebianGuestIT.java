package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.vireo.support.BearerCalls;
import org.vireo.support.ConsoleClient;
import org.vireo.support.IntegrationTest;
import org.vireo.support.SerialShell;
import org.vireo.support.Virsh;

/**
 * The Debian 12 template built by {@code scripts/build-template} on the real hypervisor, driven only through REST
 * and the serial console: created with an SSH key, user-data and a generated password, the guest boots from its
 * own disk, cloud-init names it after the machine, writes the tenant's file and installs the key, and the
 * password logs in on ttyS0; a reset password through the agent logs in too; a rebuild wipes the disk and takes a
 * new password; the rescue system sees the machine's disk.
 */
@IntegrationTest
class DebianGuestIT {
    static final Path IMAGE = Path.of("/var/lib/vireo/templates/debian-12/debian-12.qcow2");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;

    @TempDir
    Path dir;

    @Test
    void debianGuestTakesItsNameKeyUserDataAndPassword() throws Exception {
        assertThat(IMAGE)
                .as("built by scripts/build-template debian-12 (scripts/test runs it)")
                .isRegularFile();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var template = call(
                admin(post("/api/v1/admin/templates"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of(
                                "name",
                                "Debian IT " + suffix,
                                "imagePath",
                                IMAGE.toString(),
                                "cloudInit",
                                true,
                                "memoryMiB",
                                1024,
                                "osName",
                                "Debian 12",
                                "defaultUser",
                                "debian"))),
                201);
        String templateId = template.get("id").asText();
        assertThat(call(demo(get("/api/v1/templates/" + templateId)), 200)
                        .get("defaultUser")
                        .asText())
                .isEqualTo("debian");
        String key = sshKey();
        var keyJson = call(
                demo(post("/api/v1/ssh-keys"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of("name", "it-" + suffix, "publicKey", key))),
                201);
        String marker = "vireo-marker-" + suffix;
        String userData = "#cloud-config\nwrite_files:\n  - path: /var/lib/vireo-it/marker\n    content: \"" + marker
                + "\\n\"\n    permissions: '0644'\n";

        // Refused before anything is reserved: YAML that is not a mapping, a key that is not the caller's.
        String name = "deb-" + suffix;
        var create = new LinkedHashMap<String, Object>(Map.of(
                "name",
                name,
                "templateId",
                templateId,
                "diskGiB",
                3,
                "sshKeyIds",
                List.of(keyJson.get("id").asText()),
                "userData",
                userData,
                "password",
                true));
        var bad = new LinkedHashMap<>(create);
        bad.put("userData", "#cloud-config\n- just\n- a list\n");
        assertThat(call(
                                demo(post("/api/v1/machines"))
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content(JSON.writeValueAsString(bad)),
                                400)
                        .toString())
                .contains("userData");
        bad.put("userData", userData);
        bad.put("sshKeyIds", List.of(UUID.randomUUID().toString()));
        assertThat(call(
                                demo(post("/api/v1/machines"))
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content(JSON.writeValueAsString(bad)),
                                400)
                        .toString())
                .contains("sshKeyIds");
        assertThat(call(demo(get("/api/v1/machines?name=" + name)), 200)).isEmpty();

        var machine = call(
                demo(post("/api/v1/machines"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(create)),
                201);
        String id = machine.get("id").asText();
        try {
            String password = machine.get("initialPassword").asText();
            assertThat(password).hasSize(16);
            assertThat(call(demo(get("/api/v1/machines/" + id)), 200).has("initialPassword"))
                    .isFalse();

            var ticket = call(
                    demo(post("/api/v1/machines/" + id + "/console"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"type\":\"serial\"}"),
                    201);
            var client = new ConsoleClient();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(ticket.get("url").asText()), client)
                    .get(10, TimeUnit.SECONDS);
            try {
                long t0 = System.nanoTime();
                SerialShell.logIn(ws, client, "debian", password, 300);
                System.out.printf(
                        "Debian guest: serial login %d s after create%n", (System.nanoTime() - t0) / 1_000_000_000L);
                assertThat(client.typeUntil(ws, "echo HOST=$(hostname)", "HOST=" + name, 20))
                        .as(SerialShell.tail(client))
                        .isTrue();
                assertThat(client.typeUntil(ws, "cat /var/lib/vireo-it/marker", marker + "\r\n", 60))
                        .as(SerialShell.tail(client))
                        .isTrue();
                String keyBody = key.split(" ")[1];
                assertThat(client.typeUntil(
                                ws,
                                "echo KEYS=$(grep -c " + keyBody.substring(keyBody.length() - 20)
                                        + " ~/.ssh/authorized_keys)",
                                "KEYS=1",
                                20))
                        .as(SerialShell.tail(client))
                        .isTrue();
                // The guest grew its root file system to the 3 GiB disk (the image is 2 GiB).
                assertThat(client.typeUntil(
                                ws, "echo ROOT=$(df -BG --output=size / | tail -1 | tr -d ' ')", "ROOT=3G", 20))
                        .as(SerialShell.tail(client))
                        .isTrue();

                // The guest agent: connected (pushed by libvirt's event), reporting the OS and the machine's name.
                JsonNode guest = null;
                long until = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < until) {
                    guest = call(demo(get("/api/v1/machines/" + id)), 200).get("guest");
                    if (guest.get("agent").asText().equals("CONNECTED")
                            && name.equals(guest.path("hostname").asText())) {
                        break;
                    }
                    Thread.sleep(1000);
                }
                assertThat(guest.get("agent").asText()).as(guest.toString()).isEqualTo("CONNECTED");
                assertThat(guest.get("hostname").asText()).isEqualTo(name);
                assertThat(guest.get("osName").asText()).contains("Debian");
                // and its addresses, but loopback (this network has no DHCP: a link-local IPv6 at most)
                assertThat(guest.get("addresses").isArray()).isTrue();
                guest.get("addresses")
                        .forEach(a ->
                                assertThat(a.asText()).doesNotStartWith("127.").isNotEqualTo("::1"));

                // A backup while it runs: its file systems frozen through the agent (and thawed: it writes below)
                frozenBackup(id);

                // A new password through the agent: operators may not, the tenant may; the old one stops working.
                call(
                        admin(post("/api/v1/machines/" + id + "/password"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        403);
                var reset = call(
                        demo(post("/api/v1/machines/" + id + "/password"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{}"),
                        200);
                assertThat(reset.get("user").asText()).isEqualTo("debian");
                String newPassword = reset.get("password").asText();
                assertThat(newPassword).hasSize(16).isNotEqualTo(password);
                assertThat(call(
                                        demo(post("/api/v1/machines/" + id + "/password"))
                                                .contentType(MediaType.APPLICATION_JSON)
                                                .content("{\"user\":\"nobody-here\"}"),
                                        409)
                                .toString())
                        .doesNotContain("nobody-here:")
                        .doesNotContain("qemu");
                ws.sendBinary(SerialShell.bytes("exit\r"), true).join();
                SerialShell.logIn(ws, client, "debian", newPassword, 120);
                assertThat(client.typeUntil(ws, "echo AGAIN=$(whoami)", "AGAIN=debian", 20))
                        .as(SerialShell.tail(client))
                        .isTrue();
                assertThat(client.typeUntil(ws, "touch ~/before-rebuild && sync && echo WROTE", "WROTE\r\n", 20))
                        .as(SerialShell.tail(client))
                        .isTrue();
            } finally {
                ws.abort();
            }

            // Rebuild: same id and name, a fresh disk (the file is gone), cloud-init again with a new password.
            // A protected machine is neither rebuilt nor deleted.
            call(
                    demo(patch("/api/v1/machines/" + id))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"deleteProtected\":true}"),
                    200);
            call(
                    demo(post("/api/v1/machines/" + id + "/rebuild"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"templateId\":\"" + templateId + "\"}"),
                    409);
            call(demo(delete("/api/v1/machines/" + id)), 409);
            call(
                    demo(patch("/api/v1/machines/" + id))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"deleteProtected\":false}"),
                    200);
            var rebuilt = call(
                    demo(post("/api/v1/machines/" + id + "/rebuild"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"templateId\":\"" + templateId + "\",\"password\":true}"),
                    202);
            assertThat(rebuilt.get("id").asText()).isEqualTo(id);
            assertThat(rebuilt.get("name").asText()).isEqualTo(name);
            assertThat(rebuilt.get("state").asText()).isEqualTo("RUNNING");
            String rebuiltPassword = rebuilt.get("initialPassword").asText();
            var again = call(
                    demo(post("/api/v1/machines/" + id + "/console"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"type\":\"serial\"}"),
                    201);
            var client2 = new ConsoleClient();
            WebSocket ws2 = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(again.get("url").asText()), client2)
                    .get(10, TimeUnit.SECONDS);
            try {
                SerialShell.logIn(ws2, client2, "debian", rebuiltPassword, 300);
                assertThat(client2.typeUntil(ws2, "echo GONE=$(ls ~/before-rebuild 2>/dev/null | wc -l)", "GONE=0", 20))
                        .as(SerialShell.tail(client2))
                        .isTrue();
                assertThat(client2.typeUntil(ws2, "echo HOST=$(hostname)", "HOST=" + name, 20))
                        .as(SerialShell.tail(client2))
                        .isTrue();
            } finally {
                ws2.abort();
            }

            // Rescue: the rescue system (busybox, from RAM) boots with the machine's disk attached; then its own.
            var rescued = call(
                    demo(post("/api/v1/machines/" + id + "/rescue"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"enabled\":true}"),
                    202);
            assertThat(rescued.get("rescue").asBoolean()).isTrue();
            assertThat(rescued.get("state").asText()).isEqualTo("RUNNING");
            var rescueTicket = call(
                    demo(post("/api/v1/machines/" + id + "/console"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"type\":\"serial\"}"),
                    201);
            var client3 = new ConsoleClient();
            WebSocket ws3 = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(rescueTicket.get("url").asText()), client3)
                    .get(10, TimeUnit.SECONDS);
            try {
                assertThat(client3.typeUntil(ws3, "echo HN-$(hostname)", "HN-vireo-rescue", 120))
                        .as(SerialShell.tail(client3))
                        .isTrue();
                assertThat(client3.typeUntil(ws3, "[ -b /dev/vda1 ] && echo VDA1-$((6*7))", "VDA1-42", 30))
                        .as(SerialShell.tail(client3))
                        .isTrue();
            } finally {
                ws3.abort();
            }
            var own = call(
                    demo(post("/api/v1/machines/" + id + "/rescue"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"enabled\":false}"),
                    202);
            assertThat(own.get("rescue").asBoolean()).isFalse();
            assertThat(own.get("state").asText()).isEqualTo("RUNNING");
        } finally {
            call(demo(delete("/api/v1/machines/" + id)), 202);
            call(admin(delete("/api/v1/admin/templates/" + templateId)), 204);
        }
    }

    /** A backup of the running machine into a directory of the local host, taken frozen; then gone again. */
    private void frozenBackup(String id) throws Exception {
        String local = null;
        for (var h : call(admin(get("/api/v1/admin/hosts")), 200)) {
            if (h.get("host").get("name").asText().equals("local")) {
                local = h.get("host").get("id").asText();
            }
        }
        String setDir = "/api/v1/admin/hosts/" + local + "/backup-dir";
        // made by libvirt (a temporary directory's mode 0700 would keep QEMU out)
        Path backups = Path.of(
                "/var/tmp/vireo-debian-backups-" + UUID.randomUUID().toString().substring(0, 8));
        String poolName = null;
        try {
            call(
                    admin(post(setDir))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(JSON.writeValueAsString(Map.of("backupDir", backups.toString()))),
                    200);
            poolName = MachineBackups.pool(backups.toString()).poolName();
            String path = "/api/v1/machines/" + id + "/backups/"
                    + call(demo(post("/api/v1/machines/" + id + "/backups")), 202)
                            .get("id")
                            .asText();
            JsonNode backup = null;
            long until = System.currentTimeMillis() + 180_000;
            while (System.currentTimeMillis() < until) {
                backup = call(demo(get(path)), 200);
                if (!backup.get("state").asText().equals("running")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(backup.get("state").asText()).as(backup.toString()).isEqualTo("done");
            assertThat(backup.get("live").asBoolean()).isTrue();
            assertThat(backup.get("frozen").asBoolean())
                    .as("frozen by the guest agent")
                    .isTrue();
            until = System.currentTimeMillis() + 30_000;
            while (call(demo(get("/api/v1/machines/" + id)), 200).has("stateDetail")
                    && System.currentTimeMillis() < until) {
                Thread.sleep(200);
            }
            call(demo(delete(path)), 204);
        } finally {
            call(admin(post(setDir)).contentType(MediaType.APPLICATION_JSON).content("{\"backupDir\":null}"), 200);
            if (poolName != null) {
                Virsh.run("pool-destroy", poolName);
                Virsh.run("pool-undefine", poolName);
            }
            Files.deleteIfExists(backups);
        }
    }

    private String sshKey() throws Exception {
        Path file = dir.resolve("id_ed25519");
        var p = new ProcessBuilder(
                        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "it@vireo", "-f", file.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).isZero();
        return Files.readString(dir.resolve("id_ed25519.pub")).strip();
    }

    private BearerCalls rest;

    private MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder b) throws Exception {
        return calls().admin(b);
    }

    private MockHttpServletRequestBuilder demo(MockHttpServletRequestBuilder b) throws Exception {
        return calls().demo(b);
    }

    private JsonNode call(MockHttpServletRequestBuilder request, int status) throws Exception {
        return calls().call(request, status);
    }

    private BearerCalls calls() {
        if (rest == null) {
            rest = new BearerCalls(mvc);
        }
        return rest;
    }
}
