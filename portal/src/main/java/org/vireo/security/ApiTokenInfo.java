package org.vireo.security;

import java.time.Instant;
import java.util.UUID;

/** A token as listed to its owner: never the token itself. */
public record ApiTokenInfo(
        UUID id,
        String name,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        boolean revoked,
        String scope) {}
