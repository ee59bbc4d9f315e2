package org.vireo.consoleproxy;

import java.time.Duration;
import java.util.Set;

/**
 * @param allowedOrigins   exact {@code Origin} values accepted (the portal's public URLs); a missing Origin is refused
 * @param maxFramePayload  largest WebSocket frame accepted from a client
 * @param handshakeTimeout the whole HTTP upgrade must arrive within this (slow senders are cut off)
 * @param idleTimeout      a session with no traffic either way for this long is closed
 */
public record ProxyConfig(
        String bindHost,
        int port,
        Set<String> allowedOrigins,
        int maxFramePayload,
        Duration handshakeTimeout,
        Duration idleTimeout,
        int maxSessionsPerUser,
        int maxSessionsPerMachine) {
    public static final String PATH = "/console";

    public static ProxyConfig defaults(String bindHost, int port, Set<String> allowedOrigins) {
        return new ProxyConfig(
                bindHost, port, allowedOrigins, 256 * 1024, Duration.ofSeconds(10), Duration.ofMinutes(30), 10, 4);
    }

    public ProxyConfig withSessionLimits(int perUser, int perMachine) {
        return new ProxyConfig(
                bindHost, port, allowedOrigins, maxFramePayload, handshakeTimeout, idleTimeout, perUser, perMachine);
    }
}
