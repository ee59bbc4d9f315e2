package org.vireo.audit.internal;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface AuditEventRepository extends JpaRepository<AuditEventEntity, Long>,
        org.springframework.data.jpa.repository.JpaSpecificationExecutor<AuditEventEntity> {
    List<AuditEventEntity> findByTenantIdAndTargetOrderByIdDesc(UUID tenantId, String target, Pageable page);
}
