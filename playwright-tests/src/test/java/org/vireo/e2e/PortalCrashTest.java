package org.vireo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
