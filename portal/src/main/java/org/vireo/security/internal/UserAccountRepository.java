package org.vireo.security.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.vireo.security.Role;

public interface UserAccountRepository extends JpaRepository<UserAccountEntity, UUID> {
    Optional<UserAccountEntity> findByUsername(String username);

    boolean existsByUsername(String username);

    Optional<UserAccountEntity> findByEmailIgnoreCase(String email);

    Optional<UserAccountEntity> findByOidcSubject(String oidcSubject);

    boolean existsByRole(Role role);

    List<UserAccountEntity> findByTenantIdOrderByUsername(UUID tenantId);

    Page<UserAccountEntity> findByTenantId(UUID tenantId, Pageable page);
}
