package org.vireo.networks.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface PublicIpRepository extends JpaRepository<PublicIpEntity, String> {
    List<PublicIpEntity> findByMachineIdOrderByCreatedAt(UUID machineId);

    List<PublicIpEntity> findByMachineIdIn(Collection<UUID> machineIds);

    @Query("select p.address from PublicIpEntity p where p.poolId = ?1")
    List<String> addressesOf(UUID poolId);

    long countByPoolId(UUID poolId);

    boolean existsByMac(String mac);

    @Query("select p.tenantId, count(p) from PublicIpEntity p where p.tenantId in ?1 group by p.tenantId")
    List<Object[]> countByTenant(Collection<UUID> tenantIds);
}
