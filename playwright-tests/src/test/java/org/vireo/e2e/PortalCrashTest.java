package org.vireo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The portal is SIGKILLed while creates are in flight and started again on the same database: the reconciler
 * finishes or rolls back every half-made machine, and no domain, disk or reservation is left without its machine.
 */
class PortalCrashTest {
    private static final Pattern MACHINE =
            Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\",\"name\":\"([^\"]+)\"[^}]*?\"state\":\"([A-Z_]+)\"");

    @Test
    void sigkillMidCreateLeavesNothingHalfMade() throws Exception {
        var data = Files.createTempDirectory("vireo-crash-data");
        // A create left by a dead node is taken over after 5 s (10 min by default), checked every 2 s.
        var env = Map.of("VIREO_MACHINES_STALE_OPERATION", "PT5S", "VIREO_MACHINES_RECONCILE_INTERVAL", "PT2S");
        var domainsBefore = virshLines("list", "--all", "--name");
        var volumesBefore = virshLines("vol-list", "vireo");

        var portal = VireoServer.start("crash", data, env);
        var api = new Api(portal.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String template = templateId(api);
        String token = api.token();
        var http = HttpClient.newHttpClient();
        var creates = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        for (int i = 1; i <= 4; i++) {
            String body = "{\"name\":\"crash-" + i + "\",\"templateId\":\"" + template
                    + "\",\"vcpus\":1,\"memoryMiB\":128,\"diskGiB\":1,\"start\":true}";
            creates.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(portal.baseUrl + "/api/v1/machines"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // Kill as soon as a create is visibly half-way (its row exists, the hypervisor work is not done).
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<String[]> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = machines(api);
            if (seen.stream().anyMatch(m -> m[2].equals("CREATING"))) {
                break;
            }
            Thread.sleep(20);
        }
        portal.kill();
        long completed = creates.stream()
                .filter(f ->
                        f.isDone() && !f.isCompletedExceptionally() && f.join().statusCode() == 201)
                .count();
        System.out.printf(
                "killed with states %s; %d of 4 creates had answered 201%n",
                seen.stream().map(m -> m[1] + "=" + m[2]).toList(), completed);
        assertThat(seen).as("a create was in flight when the portal was killed").anyMatch(m -> m[2].equals("CREATING"));

        var restarted = VireoServer.start("crash", data, env);
        try {
            var api2 = new Api(restarted.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
            long t0 = System.nanoTime();
            List<String[]> after = machines(api2);
            while (after.stream()
                            .anyMatch(m ->
                                    Set.of("CREATING", "STARTING", "DELETING").contains(m[2]))
                    && System.nanoTime() - t0 < 60_000_000_000L) {
                Thread.sleep(500);
                after = machines(api2);
            }
            System.out.printf(
                    "after restart, settled in %d ms: %s%n",
                    (System.nanoTime() - t0) / 1_000_000,
                    after.stream().map(m -> m[1] + "=" + m[2]).toList());
            assertThat(after)
                    .noneMatch(m ->
                            Set.of("CREATING", "STARTING", "DELETING", "ERROR").contains(m[2]));

            // Every new domain and disk belongs to a machine that exists, and every machine has its domain.
            var ids = new HashSet<String>();
            after.forEach(m -> ids.add(m[0]));
            var newDomains = new HashSet<>(virshLines("list", "--all", "--name"));
            newDomains.removeAll(domainsBefore);
            var newVolumes = new HashSet<String>();
            for (String line : virshLines("vol-list", "vireo")) {
                if (!volumesBefore.contains(line) && line.startsWith("vireo-")) {
                    newVolumes.add(line.split("\\s+")[0]);
                }
            }
            assertThat(newDomains).allMatch(d -> ids.contains(d.substring("vireo-".length())));
            assertThat(newVolumes).allMatch(v -> ids.contains(v.substring("vireo-".length(), "vireo-".length() + 36)));
            for (String id : ids) {
                assertThat(newDomains).contains("vireo-" + id);
            }
            String quota = api2.get("/api/v1/quota");
            assertThat(quota)
                    .contains("\"reserved\":{\"vcpus\":0,\"memoryMiB\":0,\"diskGiB\":0,\"machines\":0,\"snapshots\":0,"
                            + "\"ipv4\":0,\"backupGiB\":0}");
            assertThat(quota).contains("\"used\":{\"vcpus\":" + ids.size());

            for (String id : ids) {
                api2.delete("/api/v1/machines/" + id);
            }
        } finally {
            restarted.kill();
        }
    }

    /**
     * The portal is SIGKILLed right after a backup began (libvirt's job goes on without it) and started again: the
     * backup is failed, nothing of it stays in the backup directory or on the domain (no checkpoint the next backup
     * would count from), the machine runs on and is free, and the next backup is done.
     */
    @Test
    void sigkillMidBackupLeavesNoHalfBackup() throws Exception {
        var data = Files.createTempDirectory("vireo-crash-backup-data");
        // made by libvirt (a temporary directory's mode 0700 would keep QEMU out)
        var dir = Path.of(
                "/var/tmp/vireo-crash-backups-" + UUID.randomUUID().toString().substring(0, 8));
        var env = Map.of("VIREO_MACHINES_STALE_OPERATION", "PT5S", "VIREO_MACHINES_RECONCILE_INTERVAL", "PT2S");
        var portal = VireoServer.start("crash-backup", data, env);
        var admin = new Api(portal.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        var local = Pattern.compile("\\{\"id\":\"([0-9a-f-]{36})\",\"name\":\"local\"")
                .matcher(admin.get("/api/v1/admin/hosts"));
        assertThat(local.find()).as("the local host listed").isTrue();
        String backupDir = "/api/v1/admin/hosts/" + local.group(1) + "/backup-dir";
        admin.post(backupDir, "{\"backupDir\":\"" + dir + "\"}", 200);
        var api = new Api(portal.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String id = api.createDemoMachine("crash-backup", false);
        String backups = "/api/v1/machines/" + id + "/backups";
        String domain = "vireo-" + id;
        VireoServer restarted = null;
        try {
            // 512 MiB of data on its disk before it first starts, so that the backup's job takes a while
            String disk = virshLines("domblklist", domain).stream()
                    .filter(l -> l.startsWith("vda "))
                    .map(l -> l.split("\\s+")[1])
                    .findFirst()
                    .orElseThrow();
            var fill = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 512M", disk)
                    .redirectErrorStream(true)
                    .start();
            fill.getInputStream().readAllBytes();
            assertThat(fill.waitFor()).isZero();
            api.post("/api/v1/machines/" + id + "/start", "", 202);
            awaitMachine(api, id, "RUNNING");
            String begun = Api.field(api.post(backups, "", 202), "id");
            // killed once the job writes its volume
            long writing = System.nanoTime() + 20_000_000_000L;
            while (!hasFiles(dir) && System.nanoTime() < writing) {
                Thread.sleep(5);
            }
            portal.kill();
            assertThat(hasFiles(dir)).as("the backup had begun writing").isTrue();

            restarted = VireoServer.start("crash-backup", data, env);
            var api2 = new Api(restarted.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!api2.get(backups + "/" + begun).contains("\"state\":\"failed\"") && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(api2.get(backups + "/" + begun)).contains("\"state\":\"failed\"");
            String machine = api2.get("/api/v1/machines/" + id);
            assertThat(machine).contains("\"state\":\"RUNNING\"").doesNotContain("stateDetail");
            if (Files.exists(dir)) {
                try (var files = Files.list(dir)) {
                    assertThat(files.toList())
                            .as("left in the backup directory")
                            .isEmpty();
                }
            }
            assertThat(virshLines("checkpoint-list", domain, "--name")).isEmpty();

            String next = Api.field(api2.post(backups, "", 202), "id");
            deadline = System.nanoTime() + 60_000_000_000L;
            while (api2.get(backups + "/" + next).contains("\"state\":\"running\"") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(api2.get(backups + "/" + next)).contains("\"state\":\"done\"", "\"kind\":\"whole\"");
            api2.delete("/api/v1/machines/" + id);
            deadline = System.nanoTime() + 60_000_000_000L;
            while (api2.call("GET", "/api/v1/machines/" + id) != 404 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            new Api(restarted.baseUrl, "admin", VireoServer.ADMIN_PASSWORD)
                    .post(backupDir, "{\"backupDir\":null}", 200);
        } finally {
            if (restarted != null) {
                restarted.kill();
            } else {
                portal.kill();
            }
            for (String pool : virshLines("pool-list", "--all", "--name")) {
                if (virshLines("pool-dumpxml", pool).contains("<path>" + dir + "</path>")) {
                    virshLines("pool-destroy", pool);
                    virshLines("pool-undefine", pool);
                }
            }
            if (Files.exists(dir)) {
                try (var files = Files.list(dir)) {
                    for (var f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    private static boolean hasFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.findAny().isPresent();
        }
    }

    private static void awaitMachine(Api api, String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!api.get("/api/v1/machines/" + id).contains("\"state\":\"" + state + "\"")
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(api.get("/api/v1/machines/" + id)).contains("\"state\":\"" + state + "\"");
    }

    static String templateId(Api api) {
        var m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"Vireo Demo \\(busybox\\)\"")
                .matcher(api.get("/api/v1/templates"));
        assertThat(m.find()).as("demo template listed").isTrue();
        return m.group(1);
    }

    /** (id, name, state) of the caller's machines. */
    static List<String[]> machines(Api api) {
        var result = new ArrayList<String[]>();
        var m = MACHINE.matcher(api.get("/api/v1/machines"));
        while (m.find()) {
            result.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return result;
    }

    static List<String> virshLines(String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("virsh", "-c", "qemu:///system"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
