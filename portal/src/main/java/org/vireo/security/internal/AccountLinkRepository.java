package org.vireo.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AccountLinkRepository extends JpaRepository<AccountLinkEntity, UUID> {
    Optional<AccountLinkEntity> findByTokenHash(String tokenHash);

    List<AccountLinkEntity> findByUserIdAndPurposeAndUsedAtIsNull(UUID userId, String purpose);

    boolean existsByUserIdAndPurposeAndCreatedAtAfter(UUID userId, String purpose, Instant after);
}
