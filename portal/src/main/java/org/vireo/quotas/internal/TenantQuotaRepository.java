package org.vireo.quotas.internal;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface TenantQuotaRepository extends JpaRepository<TenantQuotaEntity, UUID> {
    /** {@code SELECT ... FOR UPDATE}: serializes quota checks of one tenant on H2 and PostgreSQL alike. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select q from TenantQuotaEntity q where q.tenantId = :tenantId")
    Optional<TenantQuotaEntity> lockByTenantId(UUID tenantId);
}
