package org.vireo.tenants;

import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditEntry;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditQuery;
import org.vireo.security.CurrentUser;

/**
 * Reading the audit log: operators read all of it, tenant admins only their own tenant's entries, members only the
 * events of their tenant's machines. Only operators get what an entry says about the infrastructure
 * ({@link AuditEntry#operatorDetail()}; the audit log itself enforces that).
 */
@Service
public class AuditReader {
    private final AuditLog audit;

    AuditReader(AuditLog audit) {
        this.audit = audit;
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public List<AuditEntry> search(AuditQuery query, int offset, int limit) {
        return audit.search(scope(query), offset, limit);
    }

    private static AuditQuery scope(AuditQuery query) {
        var caller = CurrentUser.require();
        return caller.isAdmin() ? query : new AuditQuery(caller.tenantId(), query.actor(), query.action(),
                query.outcome(), query.from(), query.to());
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

    /** CSV (RFC 4180) of the matching entries, newest first, at most 100,000 rows. */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN')")
    public String csv(AuditQuery query) {
        var sb = new StringBuilder("time,actor,tenant,action,target,outcome,source,detail\r\n");
        for (var e : search(query, 0, 100_000)) {
            sb.append(e.at()).append(',').append(cell(e.actor())).append(',')
                    .append(e.tenantId() == null ? "" : e.tenantId()).append(',').append(cell(e.action())).append(',')
                    .append(cell(e.target())).append(',').append(e.outcome()).append(',').append(e.source())
                    .append(',').append(cell(e.detail())).append("\r\n");
        }
        return sb.toString();
    }

    /** Quotes a CSV cell; a leading =,+,-,@ is neutralized so spreadsheets do not run it as a formula. */
    static String cell(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
