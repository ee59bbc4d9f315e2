package org.vireo.tenants.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditQuery;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.vireo.tenants.AuditReader;
import org.vireo.tenants.AuditRecord;

/**
 * {@code GET /api/v1/audit}: the audit log with the CSV's fields, newest first, a page at a time (default 100).
 * Tenant admins read their tenant's entries, operators all (filter {@code tenant}); members get 403.
 */
@RestController
class AuditController {
    private final AuditReader reader;

    AuditController(AuditReader reader) {
        this.reader = reader;
    }

    /** {@code operatorDetail} only for operators. */
    record AuditJson(
            long id,
            Instant at,
            String actor,
            UUID tenantId,
            String tenant,
            String action,
            String target,
            AuditOutcome outcome,
            String source,
            String detail,
            String operatorDetail) {
        static AuditJson of(AuditRecord r) {
            var e = r.entry();
            return new AuditJson(
                    e.id(),
                    e.at(),
                    e.actor(),
                    e.tenantId(),
                    r.tenantName(),
                    e.action(),
                    e.target(),
                    e.outcome(),
                    e.source().name(),
                    e.detail(),
                    e.operatorDetail());
        }
    }

    @GetMapping(path = "/api/v1/audit", produces = "application/json")
    ResponseEntity<List<AuditJson>> list(
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) AuditOutcome outcome,
            @RequestParam(required = false) UUID tenant,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        for (var text : new String[][] {{"action", action}, {"actor", actor}}) {
            if (text[1] != null && text[1].length() > 64) {
                throw new InvalidInputException(text[0], "validation.too-long", 64);
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("to", "audit.range-invalid");
        }
        var query = new AuditQuery(tenant, actor, action, outcome, from, to);
        int s = size == null ? Paging.DEFAULT_SIZE : size;
        return Paging.respond(
                page == null ? 0 : page,
                s,
                Sort.unsorted(),
                p -> new PageImpl<>(
                        reader.records(query, (int) p.getOffset(), p.getPageSize()), p, reader.count(query)),
                AuditJson::of);
    }
}
