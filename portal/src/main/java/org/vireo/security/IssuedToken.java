package org.vireo.security;

import java.time.Instant;
import java.util.UUID;

/** A freshly issued API token: the only time the secret is shown. */
public record IssuedToken(UUID id, String token, Instant expiresAt, String scope) {}
