package org.vireo.tenants.internal;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.security.TenantGate;
import org.vireo.tenants.TenantStatus;

@Component
class RepositoryTenantGate implements TenantGate {
    private final TenantRepository tenants;

    RepositoryTenantGate(TenantRepository tenants) {
        this.tenants = tenants;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean isActive(UUID tenantId) {
        return tenants.findById(tenantId)
                .map(t -> t.getStatus() == TenantStatus.ACTIVE)
                .orElse(false);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<UUID> named(String name) {
        return tenants.findByName(name).map(t -> t.toTenant().id());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> displayName(UUID tenantId) {
        return tenants.findById(tenantId).map(t -> t.toTenant().shownName());
    }
}
