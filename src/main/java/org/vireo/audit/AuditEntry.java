package org.vireo.audit;

import java.time.Instant;
import java.util.UUID;

/** One appended audit record: who did what to which target, with which outcome, from where. */
public record AuditEntry(long id, Instant at, String actor, UUID tenantId, String action, String target,
                         AuditOutcome outcome, AuditSource source, String detail) {
}
