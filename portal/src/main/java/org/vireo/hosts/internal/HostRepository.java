package org.vireo.hosts.internal;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface HostRepository extends JpaRepository<HostEntity, UUID> {

    boolean existsByName(String name);

    Optional<HostEntity> findByUri(String uri);
}
