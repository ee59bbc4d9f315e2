package org.vireo.tenants;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.quotas.QuotaService;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.tenants.internal.TenantEntity;
import org.vireo.tenants.internal.TenantRepository;

/** Tenants: the unit of isolation. Operators manage them; tenant users see only their own. */
@Service
@PreAuthorize("isAuthenticated()")
public class TenantService {
    private final TenantRepository tenants;
    private final QuotaService quotas;
    private final AccountService accounts;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    TenantService(
            TenantRepository tenants,
            QuotaService quotas,
            AccountService accounts,
            AuditLog audit,
            ApplicationEventPublisher events) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.accounts = accounts;
        this.audit = audit;
        this.events = events;
    }

    /** A new slug and display name ({@code displayName} blank: the slug). */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Tenant rename(UUID id, String name, String displayName, AuditSource source) {
        Validation.name("name", name);
        String shown = displayName == null || displayName.isBlank()
                ? name
                : Validation.displayName("displayName", displayName.strip(), 200);
        var t = tenants.findById(id).orElseThrow(() -> new NotFoundException("tenant"));
        if (!t.toTenant().name().equals(name) && tenants.existsByName(name)) {
            throw new InvalidInputException("name", "tenants.name-taken");
        }
        var old = t.toTenant();
        t.rename(name);
        t.setDisplayName(shown);
        audit.record(
                CurrentUser.require().username(),
                id,
                "tenant.rename",
                name,
                AuditOutcome.SUCCESS,
                source,
                "was " + old.name() + " (" + old.shownName() + "), now shown as " + shown);
        return t.toTenant();
    }

    /** Suspends a tenant: its users cannot sign in or use tokens, and its running machines are powered off. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Tenant setSuspended(UUID id, boolean suspended, AuditSource source) {
        var t = tenants.findById(id).orElseThrow(() -> new NotFoundException("tenant"));
        t.setStatus(suspended ? TenantStatus.SUSPENDED : TenantStatus.ACTIVE);
        audit.record(
                CurrentUser.require().username(),
                id,
                suspended ? "tenant.suspend" : "tenant.resume",
                t.toTenant().name(),
                AuditOutcome.SUCCESS,
                source,
                null);
        if (suspended) {
            events.publishEvent(new TenantSuspended(id));
        }
        return t.toTenant();
    }

    /** Deletes a tenant that has no machines left, with its users, tokens and quota. */
    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public void delete(UUID id, AuditSource source) {
        var t = tenants.findById(id).orElseThrow(() -> new NotFoundException("tenant"));
        var q = quotas.view(id);
        if (q.used().machines() + q.reserved().machines() > 0) {
            throw new ConflictException(
                    "tenants.has-machines", q.used().machines() + q.reserved().machines());
        }
        accounts.deleteTenantAccounts(id);
        tenants.delete(t);
        audit.record(
                CurrentUser.require().username(),
                id,
                "tenant.delete",
                t.toTenant().name(),
                AuditOutcome.SUCCESS,
                source,
                null);
        events.publishEvent(new TenantDeleted(id));
    }

    @Transactional
    @PreAuthorize("hasRole('ADMIN')")
    public Tenant create(String name, String displayName, AuditSource source) {
        var caller = CurrentUser.require();
        Validation.name("name", name);
        var shown = displayName == null || displayName.isBlank()
                ? name
                : Validation.displayName("displayName", displayName, 200);
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
            return tenants.findAll(Sort.by("name")).stream()
                    .map(TenantEntity::toTenant)
                    .toList();
        }
        return tenants.findById(caller.tenantId()).map(TenantEntity::toTenant).stream()
                .toList();
    }

    /** Operators: a page of tenants whose name contains {@code filter} (all when null), in the page's order. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public Page<Tenant> find(String filter, Pageable page) {
        return tenants.findByNameContainingIgnoreCase(filter == null ? "" : filter.strip(), page)
                .map(TenantEntity::toTenant);
    }

    /** Operators: a page of tenants whose name contains {@code filter}, by name. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public List<Tenant> page(String filter, Pageable page) {
        var byName = PageRequest.of(page.getPageNumber(), page.getPageSize(), Sort.by("name"));
        return tenants.findByNameContainingIgnoreCase(filter == null ? "" : filter.strip(), byName)
                .map(TenantEntity::toTenant)
                .getContent();
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public long count() {
        return tenants.count();
    }

    /** Operators: the names of the given tenants (those that exist). */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ADMIN')")
    public Map<UUID, String> names(Collection<UUID> ids) {
        return tenants.findAllById(ids).stream()
                .map(TenantEntity::toTenant)
                .collect(Collectors.toMap(Tenant::id, Tenant::shownName));
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
