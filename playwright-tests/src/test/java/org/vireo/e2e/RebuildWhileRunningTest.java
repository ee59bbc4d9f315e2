package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The demo keeps working while a build rewrites the jar it was started from ({@code scripts/demo} runs the portal
 * through {@code scripts/run-portal}, from a copy): here the jar is overwritten in place, as Maven's repackaging
 * does, under a running portal, which must go on serving every page (classes it had not loaded yet included).
 */
class RebuildWhileRunningTest extends BrowserTest {
    private Process portal;
    private String base;
    private Path jar;

    @Override
    protected VireoServer startServer() {
        try {
            Path work = Files.createTempDirectory("vireo-rebuild");
            jar = work.resolve("vireo.jar");
            Files.copy(Path.of(System.getProperty("vireo.jar", "../portal/target/vireo.jar")), jar);
            int port = freePort();
            base = "http://localhost:" + port;
            var pb = new ProcessBuilder(
                            Path.of("../scripts/run-portal").toAbsolutePath().toString(),
                            jar.toString(),
                            "--server.port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target/vireo-rebuild.log").toFile());
            pb.environment()
                    .putAll(java.util.Map.of(
                            "VIREO_DATA_DIR",
                            work.resolve("data").toString(),
                            "VIREO_ADMIN_PASSWORD",
                            VireoServer.ADMIN_PASSWORD,
                            "VIREO_DEMO_PASSWORD",
                            VireoServer.DEMO_PASSWORD,
                            "VIREO_DEMO_MACHINE",
                            "false",
                            "VIREO_DEMO_DEBIAN",
                            "false",
                            "VIREO_CONSOLE_PORT",
                            Integer.toString(freePort())));
            portal = pb.start();
            awaitReady();
            return VireoServer.get();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopPortal() throws InterruptedException {
        if (portal != null) {
            portal.descendants().forEach(ProcessHandle::destroy);
            portal.destroy();
            portal.waitFor();
        }
    }

    @Test
    void aRebuiltJarDoesNotBreakThePortalThatRunsFromIt() throws Exception {
        // "rebuild": the file the portal was started from is rewritten in place with other content
        long size = Files.size(jar);
        try (var out = Files.newOutputStream(jar, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(new byte[(int) Math.min(size, 4 << 20)]);
        }
        page = open("en-US");
        page.navigate(base + "/login");
        waitForVaadin();
        page.getByLabel("Username", new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true))
                .fill("admin");
        page.getByLabel("Password", new com.microsoft.playwright.Page.GetByLabelOptions().setExact(true))
                .fill(VireoServer.ADMIN_PASSWORD);
        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new com.microsoft.playwright.Page.GetByRoleOptions().setName("Sign in"))
                .click();
        waitForVaadin();
        for (String view : List.of(
                "/machines",
                "/templates",
                "/admin/tenants",
                "/audit",
                "/admin/hosts",
                "/users",
                "/tokens",
                "/keys",
                "/account")) {
            page.navigate(base + view);
            waitForVaadin();
            assertThat(page.locator("h2").first()).isVisible();
            assertThat(page.locator("#error-view")).hasCount(0);
        }
        String log = Files.readString(Path.of("target/vireo-rebuild.log"));
        assertThat(log).doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
    }

    private void awaitReady() throws InterruptedException {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(portal.isAlive())
                    .as("portal running (target/vireo-rebuild.log)")
                    .isTrue();
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("portal not ready; see target/vireo-rebuild.log");
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
