package org.vireo.consoleproxy;

/**
 * What a ticket grants: one user's console of one machine of one tenant, at the target the portal resolved on the
 * server side (the client never names it), until {@code expiresAtEpochSecond}.
 */
public record Grant(
        String ticketId, String user, String tenant, String machine, ConsoleTarget target, long expiresAtEpochSecond) {}
