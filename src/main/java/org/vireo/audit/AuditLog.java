package org.vireo.audit;

import java.util.List;
import java.util.UUID;

/**
 * Append-only record of every state change. Callers name the actor explicitly, so system actions (bootstrap,
 * reconciler) are recorded as well as users' ones.
 */
public interface AuditLog {

    void record(String actor, UUID tenantId, String action, String target, AuditOutcome outcome,
                AuditSource source, String detail);

    /** Newest first; {@code tenantId == null} means all tenants (operators only; callers check). */
    List<AuditEntry> recent(UUID tenantId, int limit);

    /** Newest first, matching the query (callers authorize; see the audit view for the rules). */
    List<AuditEntry> search(AuditQuery query, int offset, int limit);

    /** Newest first, the entries about one target (e.g. a machine's name) within one tenant. */
    List<AuditEntry> forTarget(UUID tenantId, String target, int limit);
}
