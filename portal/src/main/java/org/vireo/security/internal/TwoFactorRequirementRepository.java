package org.vireo.security.internal;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TwoFactorRequirementRepository extends JpaRepository<TwoFactorRequirementEntity, UUID> {}
