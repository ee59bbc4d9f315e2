package org.vireo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The portal is SIGKILLed in the middle of a rebuild on a lab host (while the new template is being copied into
 * the lab's pool) and started again on the same data with a short stale-operation time: the machine is still
 * there afterwards, in ERROR "interrupted: rebuild", with its row, its address and its domain's host, and can be
 * rebuilt and deleted. Before machine operations were kept in the database, the reconciler deleted it.
 */
class RebuildCrashTest {
    private static final Path DEBIAN = Path.of("/var/lib/vireo/templates/debian-12/debian-12.qcow2");
    private static final LabHost LAB = new LabHost("crashrb");

    @Test
    void sigkillMidRebuildKeepsTheMachine() throws Exception {
        assertThat(DEBIAN)
                .as("built by scripts/build-template debian-12 (scripts/test runs it)")
                .isRegularFile();
        String uri = LAB.start();
        var data = Files.createTempDirectory("vireo-rebuild-crash");
        var env = Map.of("VIREO_MACHINES_STALE_OPERATION", "PT5S", "VIREO_MACHINES_RECONCILE_INTERVAL", "PT2S");
        var portal = VireoServer.start("rebuild-crash", data, env);
        VireoServer restarted = null;
        try {
            var admin = new Api(portal.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
            var demo = new Api(portal.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
            // Only the lab takes new machines: the portal's own host goes into maintenance.
            String hosts = admin.get("/api/v1/admin/hosts");
            var local = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"[^\"]*\",\"uri\":\"qemu:///system\"")
                    .matcher(hosts);
            assertThat(local.find())
                    .as("the portal's own host is listed: " + hosts)
                    .isTrue();
            admin.post("/api/v1/admin/hosts/" + local.group(1) + "/maintenance", "{\"maintenance\":true}", 200);
            String labHost = Api.field(
                    admin.post(
                            "/api/v1/admin/hosts",
                            "{\"name\":\"lab\",\"uri\":\"" + uri
                                    + "\",\"accelerator\":\"tcg\",\"networkMode\":\"none\",\"dns\":\"none\"}",
                            201),
                    "id");
            String debian = Api.field(
                    admin.post(
                            "/api/v1/admin/templates",
                            "{\"name\":\"Debian crash\",\"imagePath\":\"" + DEBIAN
                                    + "\",\"memoryMiB\":512,\"diskGiB\":4,\"cloudInit\":true,"
                                    + "\"defaultUser\":\"debian\"}",
                            201),
                    "id");
            String id = Api.field(
                    demo.post(
                            "/api/v1/machines",
                            "{\"name\":\"crash-rebuild\",\"templateId\":\""
                                    + PortalCrashTest.templateId(demo)
                                    + "\",\"vcpus\":1,\"memoryMiB\":512,\"diskGiB\":4,"
                                    + "\"start\":false}",
                            201),
                    "id");
            String before = demo.get("/api/v1/machines/" + id);
            // operators see the host
            assertThat(Api.field(admin.get("/api/v1/machines/" + id), "hostId")).isEqualTo(labHost);
            String address = address(before);
            String mac = Api.field(before, "mac");
            String domain = "vireo-" + id;

            // The rebuild copies Debian's image into the lab's pool (~190 MB): killed while that is under way.
            var rebuild = new Thread(() -> {
                try {
                    demo.post("/api/v1/machines/" + id + "/rebuild", "{\"templateId\":\"" + debian + "\"}", 202);
                } catch (RuntimeException e) {
                    // the portal was killed under it
                }
            });
            rebuild.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            String seen = "";
            while (System.nanoTime() < deadline) {
                seen = demo.get("/api/v1/machines/" + id);
                if (seen.contains("copying template")) {
                    break;
                }
                Thread.sleep(20);
            }
            portal.kill();
            portal = null;
            System.out.println("killed while: " + field(seen, "stateDetail"));
            assertThat(seen)
                    .as("the rebuild was copying when the portal was killed")
                    .contains("copying template");

            restarted = VireoServer.start("rebuild-crash", data, env);
            var demo2 = new Api(restarted.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
            var admin2 = new Api(restarted.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
            long t0 = System.nanoTime();
            String after = demo2.get("/api/v1/machines/" + id);
            while (!Api.field(after, "state").equals("ERROR") && System.nanoTime() - t0 < 60_000_000_000L) {
                Thread.sleep(500);
                after = demo2.get("/api/v1/machines/" + id);
            }
            System.out.printf(
                    "after restart, in %d ms: %s (%s)%n",
                    (System.nanoTime() - t0) / 1_000_000, Api.field(after, "state"), field(after, "stateDetail"));
            assertThat(Api.field(after, "state")).isEqualTo("ERROR");
            assertThat(field(after, "stateDetail")).isEqualTo("interrupted: rebuild");
            assertThat(address(after)).isEqualTo(address);
            assertThat(Api.field(after, "mac")).isEqualTo(mac);
            assertThat(Api.field(admin2.get("/api/v1/machines/" + id), "hostId"))
                    .isEqualTo(labHost);

            // It is usable again: rebuilt from the demo template (already in the lab's pool), then deleted.
            demo2.post(
                    "/api/v1/machines/" + id + "/rebuild",
                    "{\"templateId\":\"" + PortalCrashTest.templateId(demo2) + "\"}",
                    202);
            assertThat(Api.field(demo2.get("/api/v1/machines/" + id), "state")).isEqualTo("STOPPED");
            assertThat(LAB.exec("virsh", "-q", "domstate", domain)).contains("shut off");
            demo2.delete("/api/v1/machines/" + id);
            assertThat(demo2.call("GET", "/api/v1/machines/" + id)).isEqualTo(404);
            assertThat(volumes()).noneMatch(v -> v.startsWith(domain));
        } finally {
            if (portal != null) {
                portal.kill();
            }
            if (restarted != null) {
                restarted.kill();
            }
            LAB.stop();
        }
    }

    /** A string field's value, or null when it is null. */
    private static String field(String json, String name) {
        return json.contains("\"" + name + "\":null") ? null : Api.field(json, name);
    }

    /** The machine's first address (its private one). */
    private static String address(String json) {
        var m = Pattern.compile("\"addresses\":\\[\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("an address in " + json).isTrue();
        return m.group(1);
    }

    private static List<String> volumes() throws Exception {
        var names = new ArrayList<String>();
        for (String line : LAB.exec("virsh", "-q", "vol-list", "vireo").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }

    static {
        UUID.randomUUID(); // SecureRandom warmed before the timed waits
    }
}
