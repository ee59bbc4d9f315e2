package org.vireo.security;

import java.time.Instant;
import java.util.UUID;

public record SshKey(UUID id, String name, String publicKey, Instant createdAt) {
}
