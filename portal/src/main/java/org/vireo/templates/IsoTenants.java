package org.vireo.templates;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.security.CurrentUser;
import org.vireo.templates.internal.TemplateEntity;
import org.vireo.templates.internal.TemplateRepository;
import org.vireo.tenants.TenantService;

/**
 * Which tenants see an ISO of the library: all (the default), or the ones an operator chose. Others' users neither
 * list nor insert it (it is "not found" to them); a machine that has it keeps it until it is ejected.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class IsoTenants {
    static final int MAX_TENANTS = 1000;
    private final TemplateRepository templates;
    private final TenantService tenants;
    private final AuditLog audit;

    IsoTenants(TemplateRepository templates, TenantService tenants, AuditLog audit) {
        this.templates = templates;
        this.tenants = tenants;
        this.audit = audit;
    }

    /** The tenants an ISO is shown to; empty: all of them. */
    @Transactional(readOnly = true)
    public Optional<Set<UUID>> shownTo(UUID isoId) {
        return iso(templates.findById(isoId)).shownTo();
    }

    /** {@code tenantIds} null: all tenants; else exactly these (each must exist), none at all for an empty list. */
    @Transactional
    public Template show(UUID isoId, List<UUID> tenantIds, AuditSource source) {
        var caller = CurrentUser.require();
        var chosen = check(tenantIds);
        var entity = iso(templates.lockById(isoId));
        entity.showTo(chosen);
        var saved = templates.saveAndFlush(entity).toTemplate();
        audit.record(
                caller.username(),
                null,
                "iso.visibility",
                saved.name(),
                AuditOutcome.SUCCESS,
                source,
                chosen == null
                        ? "all tenants"
                        : "tenants " + String.join(", ", tenants.names(chosen).values()));
        return saved;
    }

    /** The chosen tenants, checked (null stays null: all tenants). */
    public Set<UUID> check(List<UUID> tenantIds) {
        if (tenantIds == null) {
            return null;
        }
        if (tenantIds.size() > MAX_TENANTS || tenantIds.contains(null)) {
            throw new InvalidInputException("tenantIds", "isos.tenant-unknown");
        }
        var chosen = new LinkedHashSet<>(tenantIds);
        if (tenants.names(chosen).size() != chosen.size()) {
            throw new InvalidInputException("tenantIds", "isos.tenant-unknown");
        }
        return chosen;
    }

    private static TemplateEntity iso(Optional<TemplateEntity> found) {
        return found.filter(e -> e.toTemplate().kind() == TemplateKind.ISO)
                .orElseThrow(() -> new NotFoundException("iso"));
    }
}
