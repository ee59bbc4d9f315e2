package org.vireo.tenants;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditQuery;
import org.vireo.base.Csv;
import org.vireo.security.CurrentUser;
import org.vireo.tenants.internal.TenantRepository;

/**
 * Reading the audit log: operators read all of it, tenant admins only their own tenant's entries, members only the
 * events of their tenant's machines. Only operators get what an entry says about the infrastructure
 * ({@link AuditEntry#operatorDetail()}; the audit log itself enforces that).
 */
@Service
public class AuditReader {
    private final AuditLog audit;
    private final TenantRepository tenants;

    AuditReader(AuditLog audit, TenantRepository tenants) {
        this.audit = audit;
        this.tenants = tenants;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public List<AuditEntry> search(AuditQuery query, int offset, int limit) {
        return audit.search(scope(query), offset, limit);
    }

    /** As {@link #search}, each entry with its tenant's name. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public List<AuditRecord> records(AuditQuery query, int offset, int limit) {
        var entries = search(query, offset, limit);
        var ids = entries.stream()
                .map(AuditEntry::tenantId)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<UUID, String> names = tenants.findAllById(ids).stream()
                .collect(Collectors.toMap(
                        t -> t.toTenant().id(), t -> t.toTenant().shownName()));
        return entries.stream()
                .map(e -> new AuditRecord(e, e.tenantId() == null ? null : names.get(e.tenantId())))
                .toList();
    }

    private static AuditQuery scope(AuditQuery query) {
        var caller = CurrentUser.require();
        return caller.isAdmin()
                ? query
                : new AuditQuery(
                        caller.tenantId(), query.actor(), query.action(), query.outcome(), query.from(), query.to());
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public long count(AuditQuery query) {
        return audit.count(scope(query));
    }

    /**
     * The events of one machine (by its name, within its tenant), newest first. Where it was placed is for
     * operators only.
     */
    @PreAuthorize("isAuthenticated()")
    public List<AuditEntry> forMachine(UUID tenantId, String machineName, int limit) {
        var caller = CurrentUser.require();
        if (!caller.isAdmin() && !caller.tenantId().equals(tenantId)) {
            return List.of();
        }
        return audit.forTarget(tenantId, machineName, limit).stream()
                .filter(e -> e.action().startsWith("machine."))
                .filter(e -> caller.isAdmin() || !e.action().equals("machine.place"))
                .toList();
    }

    /**
     * CSV (RFC 4180) of the matching entries, newest first, at most 100,000 rows, with tenant names; operators get
     * a last column with the operators' detail.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public String csv(AuditQuery query) {
        boolean operator = CurrentUser.require().isAdmin();
        var sb = new StringBuilder(
                "time,actor,tenant,action,target,outcome,source,detail" + (operator ? ",operatorDetail" : "") + "\r\n");
        for (var r : records(query, 0, 100_000)) {
            var e = r.entry();
            sb.append(e.at())
                    .append(',')
                    .append(Csv.cell(e.actor()))
                    .append(',')
                    .append(Csv.cell(r.tenantName()))
                    .append(',')
                    .append(Csv.cell(e.action()))
                    .append(',')
                    .append(Csv.cell(e.target()))
                    .append(',')
                    .append(e.outcome())
                    .append(',')
                    .append(e.source())
                    .append(',')
                    .append(Csv.cell(e.detail()));
            if (operator) {
                sb.append(',').append(Csv.cell(e.operatorDetail()));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }
}
