package org.vireo.networks.internal;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface IpPoolRepository extends JpaRepository<IpPoolEntity, UUID> {
    boolean existsByName(String name);

    List<IpPoolEntity> findByHostIdOrderByCreatedAt(UUID hostId);

    List<IpPoolEntity> findAllByOrderByCreatedAt();

    /** The pool, its row locked for the caller's transaction (allocations from one pool take turns). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from IpPoolEntity p where p.id = ?1")
    Optional<IpPoolEntity> lock(UUID id);
}
