package org.vireo.templates.internal;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.templates.TemplateStatus;

public interface TemplateRepository extends JpaRepository<TemplateEntity, UUID> {
    boolean existsByName(String name);

    /**
     * {@code SELECT ... FOR UPDATE} on one template: a machine taking it (create, rebuild, ISO insert) and its
     * delete are serialized, so a delete counts every machine that took it, and nobody takes a deleted one.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from TemplateEntity t where t.id = :id")
    Optional<TemplateEntity> lockById(UUID id);

    List<TemplateEntity> findByStatus(TemplateStatus status);

    /**
     * 1 when {@code attempt} now holds the import: the template waits for its image (an upload's, or a URL's not
     * started yet) or failed, and no other attempt holds it. 0: it is READY, gone, or another attempt writes it.
     */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update TemplateEntity t set t.importAttempt = :attempt, t.status = "
            + "org.vireo.templates.TemplateStatus.IMPORTING,"
            + " t.progress = 0, t.statusDetail = null, t.statusArgs = null, t.updatedAt = :at"
            + " where t.id = :id and t.importAttempt is null"
            + " and t.status in (org.vireo.templates.TemplateStatus.IMPORTING, "
            + "org.vireo.templates.TemplateStatus.FAILED)")
    int claimImport(UUID id, UUID attempt, Instant at);

    /** 1 while the import is still this attempt's (not deleted, not failed or taken over meanwhile), else 0. */
    @Transactional
    @Modifying
    @Query("update TemplateEntity t set t.progress = :progress, t.updatedAt = :at"
            + " where t.id = :id and t.importAttempt = :attempt"
            + " and t.status = org.vireo.templates.TemplateStatus.IMPORTING")
    int importProgress(UUID id, UUID attempt, int progress, Instant at);
}
