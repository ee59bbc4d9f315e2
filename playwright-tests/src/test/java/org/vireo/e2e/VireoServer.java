package org.vireo.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The portal under test: the built jar started once per test JVM on a free port with a fresh H2 database and
 * the real local hypervisor, stopped when the JVM exits. Its log goes to target/vireo-e2e.log.
 */
final class VireoServer {
    static final String ADMIN_PASSWORD = "e2e-admin-password";
    static final String DEMO_PASSWORD = "e2e-demo-password";
    private static VireoServer instance;

    final String baseUrl;
    private final Process process;

    private VireoServer(String baseUrl, Process process) {
        this.baseUrl = baseUrl;
        this.process = process;
    }

    static synchronized VireoServer get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static VireoServer start() {
        try {
            Path jar = Path.of(System.getProperty("vireo.jar", "../target/vireo.jar")).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("portal jar missing: " + jar + " (build the root project first)");
            }
            int port = freePort();
            Path data = Files.createTempDirectory("vireo-e2e-data");
            Path log = Path.of("target/vireo-e2e.log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                    "-jar", jar.toString(), "--server.port=" + port));
            var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("VIREO_DATA_DIR", data.toString());
            pb.environment().put("VIREO_ADMIN_PASSWORD", ADMIN_PASSWORD);
            pb.environment().put("VIREO_DEMO_PASSWORD", DEMO_PASSWORD);
            // A guest that has not booted yet misses the ACPI button; keep the forced power-off within test waits.
            pb.environment().put("VIREO_SHUTDOWN_TIMEOUT", "PT20S");
            pb.environment().put("VIREO_DEMO_MACHINE", "false");
            pb.environment().put("VIREO_CONSOLE_PORT", Integer.toString(freePort()));
            Process process = pb.start();
            var server = new VireoServer("http://localhost:" + port, process);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            server.awaitUp(Duration.ofSeconds(180), log);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitUp(Duration timeout, Path log) {
        var client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("portal exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                // Bootstrap (accounts, demo template) runs after the web server is up: wait for the full start.
                if (response.statusCode() == 200 && Files.readString(log).contains("Started VireoApplication")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("portal did not come up within " + timeout + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
