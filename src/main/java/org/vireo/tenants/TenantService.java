package org.vireo.tenants;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.quotas.QuotaService;
import org.vireo.security.CurrentUser;
import org.vireo.tenants.internal.TenantEntity;
import org.vireo.tenants.internal.TenantRepository;

/** Tenants: the unit of isolation. Operators manage them; tenant users see only their own. */
@Service
@PreAuthorize("isAuthenticated()")
public class TenantService {
    private final TenantRepository tenants;
    private final QuotaService quotas;
    private final AuditLog audit;

    TenantService(TenantRepository tenants, QuotaService quotas, AuditLog audit) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.audit = audit;
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Tenant create(String name, String displayName, AuditSource source) {
        var caller = CurrentUser.require();
        Validation.name("name", name);
        var shown = displayName == null || displayName.isBlank() ? name : Validation.text("displayName", displayName, 200);
        if (tenants.existsByName(name)) {
            throw new InvalidInputException("name", "tenants.name-taken");
        }
        var tenant = tenants.save(new TenantEntity(name, shown)).toTenant();
        tenants.flush();
        quotas.initialize(tenant.id());
        audit.record(caller.username(), tenant.id(), "tenant.create", name, AuditOutcome.SUCCESS, source, null);
        return tenant;
    }

    /** All tenants for operators; a tenant user gets just its own. */
    @Transactional(readOnly = true)
    public List<Tenant> list() {
        var caller = CurrentUser.require();
        if (caller.isAdmin()) {
            return tenants.findAll(Sort.by("name")).stream().map(TenantEntity::toTenant).toList();
        }
        return tenants.findById(caller.tenantId()).map(TenantEntity::toTenant).stream().toList();
    }

    @Transactional(readOnly = true)
    public Tenant get(UUID id) {
        var caller = CurrentUser.require();
        if (!caller.isAdmin() && !id.equals(caller.tenantId())) {
            throw new NotFoundException("tenant");
        }
        return tenants.findById(id).map(TenantEntity::toTenant).orElseThrow(() -> new NotFoundException("tenant"));
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public Optional<Tenant> findByName(String name) {
        return tenants.findByName(name).map(TenantEntity::toTenant);
    }
}
