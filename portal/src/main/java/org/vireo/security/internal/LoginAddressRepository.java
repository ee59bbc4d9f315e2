package org.vireo.security.internal;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface LoginAddressRepository extends JpaRepository<LoginAddressEntity, LoginAddressEntity.Key> {
    long countByUserId(UUID userId);

    List<LoginAddressEntity> findByUserIdOrderByFirstSeen(UUID userId);
}
