package org.vireo.templates.internal;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TemplateRepository extends JpaRepository<TemplateEntity, UUID> {
    boolean existsByName(String name);
}
