package org.vireo.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.support.BearerCalls;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Shell;

/**
 * Operators import images from a URL (a web server on loopback, started here) and as a REST upload; each is
 * checked before tenants see it, and a hostile or broken one is refused with its reason and leaves no file.
 */
@IntegrationTest
@TestPropertySource(properties = {"vireo.templates.import.min-rate-window=3s", "vireo.templates.import.check=1s"})
class ImageImportIT {
    @Autowired
    MockMvc mvc;

    @Value("${vireo.home}")
    Path home;

    @Value("${vireo.storage.pool-dir}")
    Path pool;

    @TempDir
    Path dir;

    private BearerCalls rest;
    private HttpServer server;
    private String base;
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final CountDownLatch trickleEnded = new CountDownLatch(1);

    @BeforeEach
    void serveFiles() throws Exception {
        rest = new BearerCalls(mvc);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/away") || path.equals("/loop")) { // off to loopback outside the allow list; in a circle
                exchange.getResponseHeaders()
                        .add(
                                "Location",
                                path.equals("/loop")
                                        ? "/loop"
                                        : "http://127.0.0.2:"
                                                + server.getAddress().getPort() + "/good.qcow2");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            if (path.equals("/trickle")) { // a byte now and then, for as long as anybody listens (at most 60 s)
                exchange.sendResponseHeaders(200, 1 << 20);
                try (var out = exchange.getResponseBody()) {
                    for (int i = 0; i < 600; i++) {
                        out.write(new byte[100]);
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    trickleEnded.countDown(); // the portal hung up
                }
                exchange.close();
                return;
            }
            String name = path.replaceFirst("^/(slow/)?", "");
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            if (exchange.getRequestURI().getPath().startsWith("/slow/")) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (var out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool()); // trickles at the same time
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aQcow2FromAUrlWithItsChecksumBecomesReadyAndOnlyThenVisibleToTenants() throws Exception {
        Path image = dir.resolve("good.qcow2");
        Shell.run("qemu-img create -q -f qcow2 " + image + " 1G");
        String sha = sha256(image);
        var started = rest.call(
                rest.admin(post("/api/v1/admin/templates"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of(
                                "name",
                                "Imported " + suffix,
                                "url",
                                base + "slow/good.qcow2",
                                "sha256",
                                sha,
                                "format",
                                "qcow2",
                                "memoryMiB",
                                256,
                                "osName",
                                "Test OS",
                                "defaultUser",
                                "tester"))),
                202);
        assertThat(started.get("status").asText()).isEqualTo("IMPORTING");
        assertThat(started.get("progress").asInt()).isZero();
        String id = started.get("id").asText();
        // Tenants see and use only READY templates.
        rest.call(rest.demo(get("/api/v1/templates/" + id)), 404);
        assertThat(rest.call(rest.demo(get("/api/v1/templates")), 200).toString())
                .doesNotContain(id);

        var ready = awaitStatus(id, "READY");
        assertThat(ready.get("progress").asInt()).isEqualTo(100);
        assertThat(ready.get("sha256").asText()).isEqualTo(sha);
        assertThat(ready.get("imageFormat").asText()).isEqualTo("qcow2");
        assertThat(ready.get("minDiskGiB").asInt()).isEqualTo(1);
        assertThat(rest.call(rest.demo(get("/api/v1/templates/" + id)), 200)
                        .get("osName")
                        .asText())
                .isEqualTo("Test OS");
        Path stored = imports().resolve(id + ".qcow2");
        assertThat(sha256(stored)).isEqualTo(sha);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("r--r--r--");

        rest.call(rest.admin(delete("/api/v1/admin/templates/" + id)), 204);
        assertThat(stored).doesNotExist();
    }

    @Test
    void hostileAndBrokenImagesFromUrlsFailWithTheirReasonAndLeaveNoFile() throws Exception {
        Shell.run("qemu-img create -q -f qcow2 -b /etc/passwd -F raw " + dir.resolve("backing.qcow2") + " 1G"
                + " && head -c 1048576 /dev/zero > " + dir.resolve("raw.qcow2")
                + " && qemu-img create -q -f qcow2 " + dir.resolve("huge.qcow2") + " 200G"
                + " && qemu-img create -q -f qcow2 " + dir.resolve("other.qcow2") + " 1G");
        var cases = new LinkedHashMap<String, Map<String, Object>>();
        cases.put("another file", Map.of("url", base + "backing.qcow2"));
        cases.put("the file is raw", Map.of("url", base + "raw.qcow2", "format", "qcow2"));
        cases.put("larger than 100 GiB", Map.of("url", base + "huge.qcow2"));
        cases.put("checksum does not match", Map.of("url", base + "other.qcow2", "sha256", "0".repeat(64)));
        cases.put("could not be downloaded from this URL", Map.of("url", base + "missing.qcow2"));
        // imports do not reach inside: not loopback outside VIREO_IMPORT_ALLOW (127.0.0.1/32 in tests), not the
        // cloud metadata address (refused before connecting), not by a redirect; and not round and round
        cases.put(
                "an address imports may not reach",
                Map.of("url", base.replace("127.0.0.1", "127.0.0.2") + "other.qcow2"));
        cases.put("may not reach", Map.of("url", "http://169.254.169.254/latest/meta-data"));
        cases.put("imports may not reach", Map.of("url", base + "away"));
        cases.put("redirected too often", Map.of("url", base + "loop"));
        String otherSha = sha256(dir.resolve("other.qcow2"));
        var ids = new LinkedHashMap<String, String>();
        int i = 0;
        for (var c : cases.entrySet()) {
            var body = new LinkedHashMap<String, Object>(c.getValue());
            body.put("name", "Hostile " + i++ + " " + suffix);
            ids.put(
                    c.getKey(),
                    rest.call(
                                    rest.admin(post("/api/v1/admin/templates"))
                                            .contentType(MediaType.APPLICATION_JSON)
                                            .content(json(body)),
                                    202)
                            .get("id")
                            .asText());
        }
        for (var e : ids.entrySet()) {
            var failed = awaitStatus(e.getValue(), "FAILED");
            assertThat(failed.get("statusDetail").asText())
                    .as(e.getKey())
                    .contains(e.getKey())
                    .doesNotContain("404", "127.0.0", "169.254", otherSha); // no port scanner, no file's hash
            assertThat(imports())
                    .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(e.getValue()));
            rest.call(rest.demo(get("/api/v1/templates/" + e.getValue())), 404);
        }
        // In German for a German caller.
        var german = rest.call(
                rest.admin(get("/api/v1/templates/" + ids.get("the file is raw")))
                        .header("Accept-Language", "de-DE"),
                200);
        assertThat(german.get("statusDetail").asText()).contains("die Datei ist aber raw");
        for (String id : ids.values()) {
            rest.call(rest.admin(delete("/api/v1/admin/templates/" + id)), 204);
        }
    }

    @Test
    void aRawImageUploadedAsTheBodyBecomesATemplateMachinesAreCreatedFrom() throws Exception {
        var created = rest.call(
                rest.admin(post("/api/v1/admin/templates"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "Raw " + suffix, "memoryMiB", 128))),
                202);
        assertThat(created.get("status").asText()).isEqualTo("IMPORTING");
        String id = created.get("id").asText();
        rest.call(
                rest.demo(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(new byte[4096]),
                403);

        // A qcow2 naming another file is refused with the reason; the template says why, no file stays.
        Path hostile = dir.resolve("hostile.qcow2");
        Shell.run("qemu-img create -q -f qcow2 -b /etc/passwd -F raw " + hostile + " 1G");
        var refused = rest.call(
                rest.admin(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(Files.readAllBytes(hostile)),
                400);
        assertThat(refused.get("detail").asText()).contains("another file");
        assertThat(rest.call(rest.admin(get("/api/v1/templates/" + id)), 200)
                        .get("status")
                        .asText())
                .isEqualTo("FAILED");
        assertThat(imports())
                .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(id));

        byte[] raw = new byte[3 << 20];
        raw[510] = 0x55;
        raw[511] = (byte) 0xaa;
        var ready = rest.call(
                rest.admin(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(raw),
                200);
        assertThat(ready.get("status").asText()).isEqualTo("READY");
        assertThat(ready.get("imageFormat").asText()).isEqualTo("raw");
        assertThat(ready.get("sha256").asText())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(raw)));
        rest.call(
                rest.admin(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(raw),
                409);

        // A machine's disk is a qcow2 overlay on the raw image.
        var machine = rest.call(
                rest.demo(post("/api/v1/machines"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "raw-" + suffix, "templateId", id, "start", false))),
                201);
        String machineId = machine.get("id").asText();
        String disks = Shell.run("cd " + pool + " && for f in *; do qemu-img info -U --output=json \"$f\"; done");
        assertThat(disks)
                .contains("\"backing-filename\": \"" + imports().resolve(id + ".raw") + "\"")
                .contains("\"backing-filename-format\": \"raw\"");
        rest.call(rest.demo(delete("/api/v1/machines/" + machineId)), 202);
        rest.awaitGone("/api/v1/machines/" + machineId);
        rest.call(rest.admin(delete("/api/v1/admin/templates/" + id)), 204);
        assertThat(imports().resolve(id + ".raw")).doesNotExist();
    }

    @Test
    void aServerThatTricklesIsGivenUpAndNoUploadWritesWhileTheDownloadHoldsTheTemplate() throws Exception {
        var started = rest.call(
                rest.admin(post("/api/v1/admin/templates"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "Trickle " + suffix, "url", base + "trickle", "format", "raw"))),
                202);
        String id = started.get("id").asText();
        byte[] raw = new byte[1 << 20];
        // While the download holds the template (1 KB/s, under the 64 KB/s test floor), an upload is refused:
        // no second writer, on this node or another.
        long until = System.currentTimeMillis() + 10_000;
        while (!hasPart(id) && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertThat(hasPart(id)).as("the download writes its file").isTrue();
        var busy = rest.call(
                rest.admin(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(raw),
                409);
        assertThat(busy.get("detail").asText()).contains("being received");

        // Given up after one window below the floor (3 s here, 5 min by default), the server's stream closed.
        var failed = awaitStatus(id, "FAILED");
        assertThat(failed.get("statusDetail").asText()).contains("too slowly");
        assertThat(trickleEnded.await(10, TimeUnit.SECONDS))
                .as("connection closed")
                .isTrue();
        assertThat(imports())
                .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(id));

        // Then an upload may take the template.
        var ready = rest.call(
                rest.admin(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(raw),
                200);
        assertThat(ready.get("status").asText()).isEqualTo("READY");
        assertThat(imports().resolve(id + ".raw")).exists();
        rest.call(rest.admin(delete("/api/v1/admin/templates/" + id)), 204);
    }

    @Test
    void anImportBeyondTheTwoRunningWaitsShownAsQueued() throws Exception {
        Path image = dir.resolve("queued.qcow2");
        Shell.run("qemu-img create -q -f qcow2 " + image + " 1G");
        var trickles = new ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            trickles.add(rest.call(
                            rest.admin(post("/api/v1/admin/templates"))
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(json(Map.of(
                                            "name",
                                            "Busy " + i + " " + suffix,
                                            "url",
                                            base + "trickle",
                                            "format",
                                            "raw"))),
                            202)
                    .get("id")
                    .asText());
        }
        var third = rest.call(
                rest.admin(post("/api/v1/admin/templates"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "Queued " + suffix, "url", base + "queued.qcow2"))),
                202);
        String id = third.get("id").asText();
        var waiting = rest.call(rest.admin(get("/api/v1/templates/" + id)).header("Accept-Language", "de-DE"), 200);
        assertThat(waiting.get("status").asText()).isEqualTo("IMPORTING");
        assertThat(waiting.get("statusDetail").asText()).startsWith("In der Warteschlange");
        // once a running one is given up (too slow), it runs
        assertThat(awaitStatus(id, "READY").has("statusDetail")).isFalse();
        for (String t : trickles) {
            awaitStatus(t, "FAILED");
            rest.call(rest.admin(delete("/api/v1/admin/templates/" + t)), 204);
        }
        rest.call(rest.admin(delete("/api/v1/admin/templates/" + id)), 204);
    }

    @Test
    void anIsoUploadedAsARawImageBecomesAnIsoOfTheLibraryNotATemplate() throws Exception {
        Files.writeString(dir.resolve("README.TXT"), "an installer");
        Shell.run("genisoimage -quiet -o " + dir.resolve("installer.iso") + " " + dir.resolve("README.TXT"));
        var created = rest.call(
                rest.admin(post("/api/v1/admin/templates"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json(Map.of("name", "Installer " + suffix, "format", "raw"))),
                202);
        String id = created.get("id").asText();
        var ready = rest.call(
                rest.admin(put("/api/v1/admin/templates/" + id + "/image"))
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(Files.readAllBytes(dir.resolve("installer.iso"))),
                200);
        assertThat(ready.get("status").asText()).isEqualTo("READY");
        assertThat(rest.call(rest.demo(get("/api/v1/isos")), 200).toString()).contains(id);
        assertThat(rest.call(rest.demo(get("/api/v1/templates")), 200).toString())
                .doesNotContain(id);
        assertThat(imports().resolve(id + ".iso")).exists();
        rest.call(rest.admin(delete("/api/v1/admin/isos/" + id)), 204);
    }

    private boolean hasPart(String id) throws Exception {
        try (var files = Files.list(imports())) {
            return files.map(p -> p.getFileName().toString()).anyMatch(n -> n.startsWith(id) && n.endsWith(".part"));
        }
    }

    private Path imports() throws Exception {
        Path d = home.resolve("templates/imports");
        Files.createDirectories(d);
        return d;
    }

    private JsonNode awaitStatus(String id, String status) throws Exception {
        long until = System.currentTimeMillis() + 60_000;
        JsonNode t = null;
        while (System.currentTimeMillis() < until) {
            t = rest.call(rest.admin(get("/api/v1/templates/" + id)), 200);
            String now = t.get("status").asText();
            if (now.equals(status)) {
                return t;
            }
            assertThat(now).as("template %s: %s", id, t).isEqualTo("IMPORTING");
            Thread.sleep(200);
        }
        throw new AssertionError("template " + id + " not " + status + ": " + t);
    }

    private static String json(Object body) throws Exception {
        return BearerCalls.JSON.writeValueAsString(body);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
