package org.vireo.audit;

import java.time.Instant;
import java.util.UUID;

/** Filters for reading the audit log; null fields do not filter. */
public record AuditQuery(UUID tenantId, String actor, String action, AuditOutcome outcome, Instant from, Instant to) {}
