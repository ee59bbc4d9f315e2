package org.vireo.security;

import java.time.Instant;
import java.util.UUID;

/** An open invitation as its tenant's admins see it (never its link). */
public record InvitationView(
        UUID id, UUID tenantId, String email, Role role, String invitedBy, Instant createdAt, Instant expiresAt) {}
