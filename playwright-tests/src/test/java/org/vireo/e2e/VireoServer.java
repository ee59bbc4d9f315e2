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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The portal under test: the built jar started once per test JVM on a free port with a fresh H2 database and
 * the real local hypervisor, stopped when the JVM exits. Its log goes to target/vireo-e2e.log. Fault tests start
 * their own instances ({@link #start(String, Path, Map)}) and kill them.
 */
final class VireoServer {
    static final String ADMIN_PASSWORD = "e2e-admin-password";
    static final String DEMO_PASSWORD = "e2e-demo-password";
    private static VireoServer instance;

    final String baseUrl;
    final Path data;
    private final Process process;

    private VireoServer(String baseUrl, Path data, Process process) {
        this.baseUrl = baseUrl;
        this.data = data;
        this.process = process;
    }

    static synchronized VireoServer get() {
        if (instance == null) {
            try {
                instance = start("e2e", Files.createTempDirectory("vireo-e2e-data"), Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** SIGKILL, as the OOM killer or a power cut would end it: no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts a portal on the database in {@code data} with extra environment; log in target/vireo-NAME.log. */
    static VireoServer start(String name, Path data, Map<String, String> extraEnv) {
        try {
            return start(name, data, extraEnv, freePort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As above, on {@code port} (for a lab's console proxy that must know the browser's origin first). */
    static VireoServer start(String name, Path data, Map<String, String> extraEnv, int port) {
        try {
            Path jar = Path.of(System.getProperty("vireo.jar", "../portal/target/vireo.jar"))
                    .toAbsolutePath()
                    .normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("portal jar missing: " + jar + " (build the root project first)");
            }
            Path log = Path.of("target/vireo-" + name + ".log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m",
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port));
            var pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            var env = new LinkedHashMap<String, String>();
            env.put("VIREO_DATA_DIR", data.toString());
            env.put("VIREO_ADMIN_PASSWORD", ADMIN_PASSWORD);
            env.put("VIREO_DEMO_PASSWORD", DEMO_PASSWORD);
            // A guest that has not booted yet misses the ACPI button; keep the forced power-off within test waits.
            env.put("VIREO_SHUTDOWN_TIMEOUT", "PT20S");
            env.put("VIREO_DEMO_MACHINE", "false");
            env.put("VIREO_DEMO_DEBIAN", "false");
            env.put("VIREO_IMPORT_ALLOW", "127.0.0.1/32"); // the tests' image servers listen on loopback
            env.put("VIREO_USAGE_INTERVAL", "PT2S"); // graphs that move within a test
            env.put("VIREO_CONSOLE_PORT", Integer.toString(freePort()));
            env.putAll(extraEnv);
            pb.environment().putAll(env);
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            Process process = pb.start();
            var server = new VireoServer("http://localhost:" + port, data, process);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            server.awaitUp(Duration.ofSeconds(180), log, logStart);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitUp(Duration timeout, Path log, long logStart) {
        var client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("portal exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                // Bootstrap (accounts, demo template) runs after the web server is up: wait for the full start.
                if (response.statusCode() == 200
                        && Files.readString(log).substring((int) logStart).contains("Vireo is ready")) {
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

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
