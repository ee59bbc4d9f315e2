package org.vireo.templates.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.templates.TemplateStatus;

public interface TemplateRepository extends JpaRepository<TemplateEntity, UUID> {
    boolean existsByName(String name);

    List<TemplateEntity> findByStatus(TemplateStatus status);

    /** 1 while the import is still wanted (not deleted, not failed meanwhile), else 0. */
    @Transactional
    @Modifying
    @Query("update TemplateEntity t set t.progress = :progress, t.updatedAt = :at"
            + " where t.id = :id and t.status = org.vireo.templates.TemplateStatus.IMPORTING")
    int importProgress(UUID id, int progress, Instant at);
}
