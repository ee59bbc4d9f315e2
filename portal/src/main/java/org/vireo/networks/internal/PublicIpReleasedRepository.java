package org.vireo.networks.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface PublicIpReleasedRepository extends JpaRepository<PublicIpReleasedEntity, String> {
    /** Addresses other tenants gave back after {@code since}: still cooling down for {@code tenantId}. */
    @Query("select r.address from PublicIpReleasedEntity r where r.tenantId <> ?1 and r.releasedAt > ?2")
    List<String> coolingFor(UUID tenantId, Instant since);
}
