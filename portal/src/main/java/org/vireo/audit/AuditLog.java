package org.vireo.audit;

import java.util.List;
import java.util.UUID;

/**
 * Append-only record of every state change. Callers name the actor explicitly, so system actions (bootstrap,
 * reconciler) are recorded as well as users' ones. Reading is scoped by the caller: only operators get the
 * entries' {@link AuditEntry#operatorDetail()}.
 */
public interface AuditLog {

    /** An entry whose detail tenants may read as well (or none). */
    void record(
            String actor,
            UUID tenantId,
            String action,
            String target,
            AuditOutcome outcome,
            AuditSource source,
            String detail);

    /**
     * @param detail         readable by the tenant: never a host, URI, path or capacity
     * @param operatorDetail readable by operators only: hosts, placement reasons, the hypervisor's messages
     */
    void record(
            String actor,
            UUID tenantId,
            String action,
            String target,
            AuditOutcome outcome,
            AuditSource source,
            String detail,
            String operatorDetail);

    /**
     * A refused or failed action: Vireo's own refusals (bad input, wrong state, quota, not found) are
     * {@code DENIED} with their message, which names only keys and values the caller sent. Anything else (the
     * hypervisor's or the database's errors, which may name hosts, URIs and paths) is {@code FAILED}, with its
     * message for operators only. Like every record, in a transaction of its own: it stays when the caller's
     * transaction rolls back.
     */
    void refused(
            String actor,
            UUID tenantId,
            String action,
            String target,
            AuditSource source,
            String detail,
            Throwable why);

    /** Newest first; {@code tenantId == null} means all tenants (operators only; callers check). */
    List<AuditEntry> recent(UUID tenantId, int limit);

    /** Newest first, matching the query (callers authorize; see the audit view for the rules). */
    List<AuditEntry> search(AuditQuery query, int offset, int limit);

    /** How many entries match the query. */
    long count(AuditQuery query);

    /** Newest first, the entries about one target (e.g. a machine's name) within one tenant. */
    List<AuditEntry> forTarget(UUID tenantId, String target, int limit);
}
