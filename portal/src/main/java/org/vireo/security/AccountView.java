package org.vireo.security;

import java.time.Instant;
import java.util.UUID;

/** A user account as shown to admins; never carries the password hash or a second factor's secret. */
public record AccountView(
        UUID id, String username, Role role, UUID tenantId, boolean enabled, Instant createdAt, boolean twoFactor) {}
