package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two portal nodes on one real PostgreSQL and the host's libvirt. Node A starts first and takes the lease (it
 * applies libvirt's events, reconciles and samples usage); a browser on node B sees changes made through node A
 * (pushed over PostgreSQL NOTIFY). Then node A is SIGKILLed: node B takes the lease over, applies the next libvirt
 * event itself (a guest destroyed outside Vireo) and pushes it to the browser, and keeps serving the API.
 */
class TwoNodesTest extends BrowserTest {
    private static final LocatorAssertions.HasAttributeOptions SLOW =
            new LocatorAssertions.HasAttributeOptions().setTimeout(30_000);
    private Postgres postgres;
    private VireoServer nodeA;

    @Override
    protected VireoServer startServer() {
        try {
            postgres = Postgres.start();
            nodeA = VireoServer.start("node-a", Files.createTempDirectory("vireo-node-a"), env("node-a"));
            return VireoServer.start("node-b", Files.createTempDirectory("vireo-node-b"), env("node-b"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> env(String node) {
        return Map.of("SPRING_PROFILES_ACTIVE", "postgres", "VIREO_DB_URL", postgres.jdbcUrl(), "VIREO_NODE_ID", node);
    }

    @AfterAll
    void stopNodesAndDatabase() throws Exception {
        if (server != null) {
            server.kill();
        }
        if (nodeA != null) {
            nodeA.kill();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theSecondNodeTakesOverWhenTheFirstIsKilled() throws Exception {
        var nodeB = server;
        var apiA = new Api(nodeA.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        var apiB = new Api(nodeB.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        assertThat(leader()).isEqualTo("node-a");
        String name = "ha-" + UUID.randomUUID().toString().substring(0, 6);
        String machine = apiA.createDemoMachine(name, true);
        try {
            open("en-US");
            loginEnglish("demo", VireoServer.DEMO_PASSWORD); // on node B, the test's server
            navigate("/machines/" + machine);
            var state = page.locator("#fact-state");
            assertThat(state).hasAttribute("data-state", "RUNNING", SLOW);

            // Changed through node A: node B's open view hears of it.
            apiA.post("/api/v1/machines/" + machine + "/poweroff", "", 202);
            assertThat(state).hasAttribute("data-state", "STOPPED", SLOW);
            apiA.post("/api/v1/machines/" + machine + "/start", "", 202);
            assertThat(state).hasAttribute("data-state", "RUNNING", SLOW);

            // Node A dies; node B must take the lease.
            long killed = System.nanoTime();
            nodeA.kill();
            while (!"node-b".equals(leader())) {
                assertThat(System.nanoTime() - killed)
                        .as("failover within 30 s")
                        .isLessThan(30_000_000_000L);
                Thread.sleep(100);
            }
            long takeover = (System.nanoTime() - killed) / 1_000_000;

            // An event only libvirt knows of: node B applies it and pushes it to the browser.
            long destroyed = System.nanoTime();
            PortalCrashTest.virshLines("destroy", "vireo-" + machine);
            assertThat(state).hasAttribute("data-state", "STOPPED", SLOW);
            long applied = (System.nanoTime() - destroyed) / 1_000_000;
            assertThat(apiB.get("/api/v1/machines/" + machine)).contains("\"state\":\"STOPPED\"");
            System.out.printf(
                    "failover: lease taken over %d ms after node A was killed; a libvirt event then "
                            + "reached the browser on node B in %d ms%n",
                    takeover, applied);
        } finally {
            apiB.delete("/api/v1/machines/" + machine);
        }
    }

    private String leader() throws Exception {
        return postgres.query("select holder from cluster_lease where name = 'leader' and expires_at > now()");
    }
}
