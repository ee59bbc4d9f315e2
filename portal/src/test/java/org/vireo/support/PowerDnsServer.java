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

/**
 * A real PowerDNS authoritative server (Debian's {@code pdns-server} with its SQLite backend, installed by
 * scripts/setup-host) on loopback ports of its own: DNS for {@code dig}, the HTTP API for Vireo. Started by a test,
 * stopped with it; its database lives in a temporary directory.
 */
public final class PowerDnsServer implements AutoCloseable {
    public static final String KEY = "test-pdns-api-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dir;
    private final int dnsPort;
    private final int apiPort;
    private Process process;

    private PowerDnsServer(Path dir, int dnsPort, int apiPort) {
        this.dir = dir;
        this.dnsPort = dnsPort;
        this.apiPort = apiPort;
    }

    public static PowerDnsServer start() throws Exception {
        var dir = Files.createTempDirectory("vireo-pdns");
        Shell.run(
                "sqlite3 " + dir.resolve("pdns.sqlite3") + " < /usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql");
        var server = new PowerDnsServer(dir, freePort(), freePort());
        server.launch();
        return server;
    }

    private void launch() throws Exception {
        process = new ProcessBuilder(
                        "pdns_server",
                        "--no-config",
                        "--daemon=no",
                        "--guardian=no",
                        "--launch=gsqlite3",
                        "--gsqlite3-database=" + dir.resolve("pdns.sqlite3"),
                        "--local-address=127.0.0.1",
                        "--local-port=" + dnsPort,
                        "--api=yes",
                        "--api-key=" + KEY,
                        "--webserver=yes",
                        "--webserver-address=127.0.0.1",
                        "--webserver-port=" + apiPort,
                        "--webserver-allow-from=127.0.0.1/32",
                        "--socket-dir=" + dir,
                        "--disable-syslog",
                        "--security-poll-suffix=",
                        "--loglevel=4")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pdns.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (api("GET", "/zones", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("PowerDNS did not start: " + Files.readString(dir.resolve("pdns.log")));
    }

    /** The URL Vireo's VIREO_PDNS_URL takes. */
    public String url() {
        return "http://127.0.0.1:" + apiPort;
    }

    public void createZone(String name) throws Exception {
        var response = api("POST", "/zones", "{\"name\":\"" + name + "\",\"kind\":\"Native\",\"nameservers\":[]}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("zone " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** What the server answers over DNS for the address's PTR ({@code dig +short -x}), trimmed. */
    public String ptr(String address) throws Exception {
        return Shell.run("dig +short +time=2 +tries=2 @127.0.0.1 -p " + dnsPort + " -x " + address)
                .strip();
    }

    /** Stops the server for a while (a PowerDNS that does not answer); {@link #resume()} starts it again. */
    public void pause() throws Exception {
        process.destroy();
        process.waitFor();
    }

    public void resume() throws Exception {
        launch();
    }

    public HttpResponse<String> api(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url() + "/api/v1/servers/localhost" + path))
                .timeout(Duration.ofSeconds(5))
                .header("X-API-Key", KEY)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
        Shell.run("rm -rf " + dir);
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
