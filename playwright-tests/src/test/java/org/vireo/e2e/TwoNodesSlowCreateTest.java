package org.vireo.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two portal nodes on one PostgreSQL with a stale-operation time of 2 s and a reconcile every second. Node A holds
 * the lease (it reconciles); a create on node B copies a template of 2 GiB (fully allocated) to a lab host and so
 * takes several times the stale-operation time. Node B's heartbeat keeps its operation fresh: node A leaves the
 * machine alone, and the create ends with the machine there, not rolled back.
 */
class TwoNodesSlowCreateTest {
    /** Under the template directory, as template images must be; made by the test, removed after. */
    private static final Path BIG = Path.of("/var/lib/vireo/templates/e2e-slow-create/big.qcow2");

    private static final LabHost LAB = new LabHost("slowmk");
    private static final long STALE_MILLIS = 2_000;

    @Test
    void aCreateOnTheNodeWithoutTheLeaseThatOutlastsStaleOperationIsLeftAlone() throws Exception {
        Files.createDirectories(BIG.getParent());
        LabHost.shell("qemu-img", "create", "-q", "-f", "qcow2", "-o", "preallocation=falloc", BIG.toString(), "2G");
        String uri = LAB.start();
        Postgres postgres = Postgres.start();
        VireoServer nodeA = null;
        VireoServer nodeB = null;
        try {
            nodeA = VireoServer.start("slow-a", Files.createTempDirectory("vireo-slow-a"), env(postgres, "node-a"));
            assertThat(leader(postgres)).isEqualTo("node-a");
            nodeB = VireoServer.start("slow-b", Files.createTempDirectory("vireo-slow-b"), env(postgres, "node-b"));
            var admin = new Api(nodeA.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
            var demoB = new Api(nodeB.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
            var local = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"local\"")
                    .matcher(admin.get("/api/v1/admin/hosts"));
            assertThat(local.find()).isTrue();
            admin.post("/api/v1/admin/hosts/" + local.group(1) + "/maintenance", "{\"maintenance\":true}", 200);
            admin.post(
                    "/api/v1/admin/hosts",
                    "{\"name\":\"lab\",\"uri\":\"" + uri
                            + "\",\"accelerator\":\"tcg\",\"networkMode\":\"none\",\"dns\":\"none\"}",
                    201);
            String big = Api.field(
                    admin.post(
                            "/api/v1/admin/templates",
                            "{\"name\":\"Big slow\"," + "\"imagePath\":\"" + BIG
                                    + "\",\"memoryMiB\":128,\"diskGiB\":2}",
                            201),
                    "id");

            String name = "slow-" + UUID.randomUUID().toString().substring(0, 6);
            long started = System.nanoTime();
            var create = CompletableFuture.supplyAsync(() -> demoB.post(
                    "/api/v1/machines",
                    "{\"name\":\"" + name
                            + "\",\"templateId\":\"" + big + "\",\"vcpus\":1,\"memoryMiB\":128,\"diskGiB\":2,"
                            + "\"start\":false}",
                    201));
            // while it runs: the operation is node B's, and node A (the lease holder) reconciles meanwhile
            String owner = "";
            long seen = 0;
            while (!create.isDone()) {
                String row = postgres.query("select o.owner from machine_operation o join machine m"
                        + " on m.id = o.machine_id where m.name = '" + name + "'");
                if (seen == 0 && row.startsWith("node-b#")) {
                    owner = row;
                    seen = System.nanoTime();
                }
                Thread.sleep(100);
            }
            String id = Api.field(create.join(), "id");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            long operationMillis = seen == 0 ? 0 : (System.nanoTime() - seen) / 1_000_000;
            try {
                assertThat(owner)
                        .as("the create's operation row, seen while it ran")
                        .startsWith("node-b#");
                assertThat(operationMillis)
                        .as("the operation outlasted stale-operation (else this proves nothing)")
                        .isGreaterThan(2 * STALE_MILLIS);
                assertThat(leader(postgres)).isEqualTo("node-a");
                assertThat(Api.field(demoB.get("/api/v1/machines/" + id), "state"))
                        .isEqualTo("STOPPED");
                Thread.sleep(3 * STALE_MILLIS); // node A's next reconciles see the finished machine
                assertThat(Api.field(demoB.get("/api/v1/machines/" + id), "state"))
                        .isEqualTo("STOPPED");
                assertThat(postgres.query("select count(*) from audit_event where action = 'machine.reconcile'"
                                + " and target = 'vireo-" + id + "'"))
                        .isEqualTo("0");
                assertThat(postgres.query("select count(*) from machine_operation where machine_id = '" + id + "'"))
                        .isEqualTo("0");
                System.out.printf(
                        "slow create on the node without the lease: %d ms, its operation seen for %d ms "
                                + "(stale-operation %d ms), left alone%n",
                        tookMillis, operationMillis, STALE_MILLIS);
            } finally {
                demoB.delete("/api/v1/machines/" + id);
            }
        } finally {
            if (nodeB != null) {
                nodeB.kill();
            }
            if (nodeA != null) {
                nodeA.kill();
            }
            postgres.close();
            LAB.stop();
            Files.deleteIfExists(BIG);
            Files.deleteIfExists(BIG.getParent());
        }
    }

    private static Map<String, String> env(Postgres postgres, String node) {
        return Map.of(
                "SPRING_PROFILES_ACTIVE",
                "postgres",
                "VIREO_DB_URL",
                postgres.jdbcUrl(),
                "VIREO_NODE_ID",
                node,
                "VIREO_MACHINES_STALE_OPERATION",
                "PT" + STALE_MILLIS / 1000 + "S",
                "VIREO_MACHINES_RECONCILE_INTERVAL",
                "PT1S");
    }

    private static String leader(Postgres postgres) throws Exception {
        return postgres.query("select holder from cluster_lease where name = 'leader' and expires_at > now()");
    }
}
