package org.vireo.support;

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
import java.util.concurrent.TimeUnit;

/**
 * The built portal, {@code target/vireo.jar} (what users run), started as a process of its own on free ports with
 * a fresh H2 database and the real local hypervisor; its log in {@code target/portal-NAME.log}.
 */
public final class PortalJar implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "jar-admin-password";
    public static final String DEMO_PASSWORD = "jar-demo-password";

    public final String baseUrl;
    public final Path log;
    private final Process process;

    private PortalJar(String baseUrl, Path log, Process process) {
        this.baseUrl = baseUrl;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar and returns at once (see {@link #awaitReady}). */
    public static PortalJar start(String name, Map<String, String> extraEnv) throws IOException {
        Path jar = Path.of("target/vireo.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("portal jar missing: " + jar + " (mvn package builds it before the ITs)");
        }
        int port = freePort();
        Path log = Path.of("target/portal-" + name + ".log").toAbsolutePath();
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "--server.port=" + port));
        var env = new LinkedHashMap<String, String>();
        env.put("VIREO_DATA_DIR", Files.createTempDirectory("vireo-jar-" + name).toString());
        env.put("VIREO_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("VIREO_DEMO_PASSWORD", DEMO_PASSWORD);
        env.put("VIREO_DEMO_MACHINE", "false");
        env.put("VIREO_DEMO_DEBIAN", "false");
        env.put("VIREO_IMPORT_ALLOW", "127.0.0.1/32"); // the tests' image servers listen on loopback
        env.put("VIREO_CONSOLE_PORT", Integer.toString(freePort()));
        env.putAll(extraEnv);
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        var portal = new PortalJar("http://localhost:" + port, log, pb.start());
        Runtime.getRuntime().addShutdownHook(new Thread(portal.process::destroy));
        return portal;
    }

    /** Waits until readiness says UP (seeding done); fails if the process exits. */
    public PortalJar awaitReady(Duration timeout) throws Exception {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("portal exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var r = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("portal not ready within " + timeout + "; see " + log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
