package org.vireo.security.internal;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

public interface InvitationRepository extends JpaRepository<InvitationEntity, UUID> {
    /** Locked: two people following one link at once cannot both join. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<InvitationEntity> findByTokenHash(String tokenHash);

    /** The same, unlocked, for looking only. */
    Optional<InvitationEntity> readByTokenHash(String tokenHash);

    List<InvitationEntity> findByTenantIdAndAcceptedAtIsNullAndExpiresAtAfterOrderByCreatedAt(
            UUID tenantId, Instant now);

    List<InvitationEntity> findByTenantIdAndEmailAndAcceptedAtIsNull(UUID tenantId, String email);

    long countByTenantIdAndAcceptedAtIsNullAndExpiresAtAfter(UUID tenantId, Instant now);

    boolean existsByTenantIdAndEmailAndCreatedAtAfter(UUID tenantId, String email, Instant after);
}
