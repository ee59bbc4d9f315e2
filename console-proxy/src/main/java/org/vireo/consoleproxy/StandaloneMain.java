package org.vireo.consoleproxy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The proxy on its own host: {@code java -jar vireo-console-proxy.jar}, configured by environment:
 * {@code VIREO_CONSOLE_PORT} (6080), {@code VIREO_CONSOLE_BIND} (0.0.0.0), {@code VIREO_CONSOLE_ORIGINS}
 * (comma-separated portal URLs), {@code VIREO_CONSOLE_SECRET} (base64 key shared with the portal, ≥ 32 bytes),
 * {@code VIREO_CONSOLE_MAX_PER_USER} (10) and {@code VIREO_CONSOLE_MAX_PER_MACHINE} (4) concurrent sessions.
 */
public final class StandaloneMain {
    private StandaloneMain() {}

    public static void main(String[] args) throws Exception {
        String secret = System.getenv("VIREO_CONSOLE_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println("VIREO_CONSOLE_SECRET (base64, the portal's console ticket key) is required");
            System.exit(2);
        }
        Set<String> origins = Arrays.stream(
                        env("VIREO_CONSOLE_ORIGINS", "http://localhost:8080").split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        var config = ProxyConfig.defaults(
                        env("VIREO_CONSOLE_BIND", "0.0.0.0"),
                        Integer.parseInt(env("VIREO_CONSOLE_PORT", "6080")),
                        origins)
                .withSessionLimits(
                        Integer.parseInt(env("VIREO_CONSOLE_MAX_PER_USER", "10")),
                        Integer.parseInt(env("VIREO_CONSOLE_MAX_PER_MACHINE", "4")));
        var proxy = new ConsoleProxy(
                        config, new HmacTickets(Base64.getDecoder().decode(secret)), new SessionListener() {
                            @Override
                            public void opened(Grant g, String remote) {
                                System.out.printf(
                                        "%s console opened user=%s machine=%s from=%s%n",
                                        Instant.now(), g.user(), g.machine(), remote);
                            }

                            @Override
                            public void closed(
                                    Grant g,
                                    String remote,
                                    Instant started,
                                    long toGuest,
                                    long toClient,
                                    String reason) {
                                System.out.printf(
                                        "%s console closed user=%s machine=%s bytes=%d/%d reason=%s%n",
                                        Instant.now(), g.user(), g.machine(), toGuest, toClient, reason);
                            }
                        })
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
        System.out.println("Vireo console proxy listening on " + config.bindHost() + ":" + proxy.port());
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
