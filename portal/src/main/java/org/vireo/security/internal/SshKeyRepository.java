package org.vireo.security.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SshKeyRepository extends JpaRepository<SshKeyEntity, UUID> {
    long countByUserId(UUID userId);

    List<SshKeyEntity> findByUserIdOrderByCreatedAt(UUID userId);

    Optional<SshKeyEntity> findByIdAndUserId(UUID id, UUID userId);
}
