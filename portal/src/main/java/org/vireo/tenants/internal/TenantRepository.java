package org.vireo.tenants.internal;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TenantRepository extends JpaRepository<TenantEntity, UUID> {
    Optional<TenantEntity> findByName(String name);

    boolean existsByName(String name);

    Page<TenantEntity> findByNameContainingIgnoreCase(String name, Pageable page);
}
