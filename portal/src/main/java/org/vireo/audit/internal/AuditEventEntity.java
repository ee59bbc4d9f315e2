package org.vireo.audit.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;

@Entity
@Table(name = "audit_event")
class AuditEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false)
    Instant at;

    @Column(nullable = false)
    String actor;

    UUID tenantId;

    @Column(nullable = false)
    String action;

    String target;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    AuditOutcome outcome;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    AuditSource source;

    String detail;
    String operatorDetail;

    AuditEntry toEntry() {
        return new AuditEntry(id, at, actor, tenantId, action, target, outcome, source, detail, operatorDetail);
    }
}
