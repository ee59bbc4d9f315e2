package org.vireo.audit.internal;

import jakarta.persistence.criteria.Predicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditQuery;
import org.vireo.audit.AuditSource;
import org.vireo.base.Callers;
import org.vireo.base.Refusals;

@Service
class JpaAuditLog implements AuditLog {
    private static final Logger log = LoggerFactory.getLogger("vireo.audit");
    private final AuditEventRepository repository;

    JpaAuditLog(AuditEventRepository repository) {
        this.repository = repository;
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(
            String actor,
            UUID tenantId,
            String action,
            String target,
            AuditOutcome outcome,
            AuditSource source,
            String detail) {
        record(actor, tenantId, action, target, outcome, source, detail, null);
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void refused(
            String actor,
            UUID tenantId,
            String action,
            String target,
            AuditSource source,
            String detail,
            Throwable why) {
        String prefix = detail == null ? "" : detail + ": ";
        if (Refusals.isOwn(why)) {
            record(actor, tenantId, action, target, AuditOutcome.DENIED, source, prefix + why.getMessage(), null);
        } else {
            record(
                    actor,
                    tenantId,
                    action,
                    target,
                    AuditOutcome.FAILED,
                    source,
                    detail,
                    prefix + (why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage()));
        }
    }

    /**
     * Own transaction (each entry point of this class has it): a refused or failed action is audited even when the
     * caller's transaction rolls back.
     */
    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(
            String actor,
            UUID tenantId,
            String action,
            String target,
            AuditOutcome outcome,
            AuditSource source,
            String detail,
            String operatorDetail) {
        var e = new AuditEventEntity();
        e.at = Instant.now();
        e.actor = truncate(actor, 64);
        e.tenantId = tenantId;
        e.action = truncate(action, 64);
        e.target = truncate(target, 200);
        e.outcome = outcome;
        e.source = source;
        e.detail = truncate(detail, 1000);
        e.operatorDetail = truncate(operatorDetail, 1000);
        repository.save(e);
        log.info("{} {} {} {} {} tenant={}", e.source, e.actor, e.action, e.target, e.outcome, e.tenantId);
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditEntry> recent(UUID tenantId, int limit) {
        return search(new AuditQuery(tenantId, null, null, null, null, null), 0, Math.min(limit, 1000));
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditEntry> forTarget(UUID tenantId, String target, int limit) {
        return scoped(repository
                .findByTenantIdAndTargetOrderByIdDesc(
                        tenantId, target, PageRequest.of(0, Math.max(1, Math.min(limit, 1000))))
                .stream());
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditEntry> search(AuditQuery q, int offset, int limit) {
        int size = Math.max(1, Math.min(limit, 10_000));
        var page = PageRequest.of(offset / size, size, Sort.by("id").descending());
        return scoped(repository.findAll(matching(q), page).stream());
    }

    @Override
    @Transactional(readOnly = true)
    public long count(AuditQuery q) {
        return repository.count(matching(q));
    }

    /** Operator details leave this class only for operators. */
    private static List<AuditEntry> scoped(Stream<AuditEventEntity> entities) {
        boolean operator = Callers.isOperator();
        return entities.map(AuditEventEntity::toEntry)
                .map(e -> operator ? e : e.withoutOperatorDetail())
                .toList();
    }

    private static Specification<AuditEventEntity> matching(AuditQuery q) {
        return (root, query, cb) -> {
            var p = new ArrayList<Predicate>();
            if (q.tenantId() != null) {
                p.add(cb.equal(root.get("tenantId"), q.tenantId()));
            }
            if (q.actor() != null && !q.actor().isBlank()) {
                p.add(cb.like(
                        cb.lower(root.get("actor")),
                        "%" + likeEscaped(q.actor().strip().toLowerCase(Locale.ROOT)) + "%",
                        '\\'));
            }
            if (q.action() != null && !q.action().isBlank()) {
                p.add(cb.like(root.get("action"), likeEscaped(q.action().strip()) + "%", '\\'));
            }
            if (q.outcome() != null) {
                p.add(cb.equal(root.get("outcome"), q.outcome()));
            }
            if (q.from() != null) {
                p.add(cb.greaterThanOrEqualTo(root.get("at"), q.from()));
            }
            if (q.to() != null) {
                p.add(cb.lessThan(root.get("at"), q.to()));
            }
            return cb.and(p.toArray(Predicate[]::new));
        };
    }

    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
