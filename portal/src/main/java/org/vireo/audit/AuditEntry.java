package org.vireo.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One appended audit record: who did what to which target, with which outcome, from where.
 *
 * @param detail         what the tenant may read too; never a host, URI, path or host capacity
 * @param operatorDetail what only operators read (which host, why the hypervisor refused); null for everyone else
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        UUID tenantId,
        String action,
        String target,
        AuditOutcome outcome,
        AuditSource source,
        String detail,
        String operatorDetail) {

    /** The entry as a tenant may read it. */
    public AuditEntry withoutOperatorDetail() {
        return operatorDetail == null
                ? this
                : new AuditEntry(id, at, actor, tenantId, action, target, outcome, source, detail, null);
    }
}
