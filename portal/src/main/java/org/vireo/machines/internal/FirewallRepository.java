package org.vireo.machines.internal;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FirewallRepository extends JpaRepository<FirewallEntity, UUID> {}
