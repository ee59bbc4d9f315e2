package org.vireo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Today's jar on the database of an older release (made by that release's jar, {@code scripts/make-legacy-db}): it
 * migrates (the machine there had no host, now it is on the portal's own host's row) and the machine is managed as
 * any other. Its domain never existed on this host, so it shows ERROR first; rebuilt, started (the guest boots),
 * powered off and deleted.
 */
class LegacyDatabaseTest {
    /** The release whose database this is: the last one before the own host became a host row. */
    private static final String RELEASE = "71b840b";

    @Test
    void aDatabaseOfAnOlderReleaseMigratesAndItsMachineIsManagedAsAnyOther() throws Exception {
        Path data = Files.createTempDirectory("vireo-legacy");
        try (var in = new GZIPInputStream(
                LegacyDatabaseTest.class.getResourceAsStream("/legacy/vireo-" + RELEASE + ".mv.db.gz"))) {
            Files.copy(in, data.resolve("vireo.mv.db"));
        }
        var portal = VireoServer.start("legacy", data, Map.of("VIREO_MACHINES_RECONCILE_INTERVAL", "PT2S"));
        String id = null;
        var demo = new Api(portal.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        try {
            var admin = new Api(portal.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
            var machine = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"legacy-1\"")
                    .matcher(demo.get("/api/v1/machines"));
            assertThat(machine.find()).as("the release's machine is listed").isTrue();
            id = machine.group(1);
            var local = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"local\"")
                    .matcher(admin.get("/api/v1/admin/hosts"));
            assertThat(local.find()).isTrue();
            assertThat(Api.field(admin.get("/api/v1/machines/" + id), "hostId")).isEqualTo(local.group(1));
            await(demo, id, "ERROR"); // its domain is not on this host

            demo.post(
                    "/api/v1/machines/" + id + "/rebuild",
                    "{\"templateId\":\"" + PortalCrashTest.templateId(demo) + "\"}",
                    202);
            await(demo, id, "STOPPED");
            demo.post("/api/v1/machines/" + id + "/start", "", 202);
            await(demo, id, "RUNNING");
            Path serial = Path.of("/var/lib/vireo/logs/vireo-" + id + ".serial.log");
            long deadline = System.currentTimeMillis() + 90_000;
            while (!(Files.exists(serial) && Files.readString(serial).contains("VIREO-DEMO-BOOTED"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(Files.readString(serial)).contains("VIREO-DEMO-BOOTED");
            demo.post("/api/v1/machines/" + id + "/poweroff", "", 202);
            await(demo, id, "STOPPED");
            demo.delete("/api/v1/machines/" + id);
            assertThat(demo.call("GET", "/api/v1/machines/" + id)).isEqualTo(404);
            id = null;
        } finally {
            if (id != null) {
                demo.call("DELETE", "/api/v1/machines/" + id);
            }
            portal.kill();
        }
    }

    private static void await(Api api, String id, String state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        String now = "";
        while (!(now = Api.field(api.get("/api/v1/machines/" + id), "state")).equals(state)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertThat(now).as("state of " + id).isEqualTo(state);
    }
}
