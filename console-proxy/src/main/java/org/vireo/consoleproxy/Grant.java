package org.vireo.consoleproxy;

/**
 * What a ticket grants: one user's console of one machine, whose VNC endpoint the portal resolved on the server
 * side (the client never names it), until {@code expiresAtEpochSecond}.
 */
public record Grant(String ticketId, String user, String machine, String host, int port, long expiresAtEpochSecond) {
    public String target() {
        return host + ":" + port;
    }
}
