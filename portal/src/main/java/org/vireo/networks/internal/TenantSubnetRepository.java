package org.vireo.networks.internal;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TenantSubnetRepository extends JpaRepository<TenantSubnetEntity, UUID> {
    @Query("select s.cidr from TenantSubnetEntity s")
    List<String> allCidrs();
}
