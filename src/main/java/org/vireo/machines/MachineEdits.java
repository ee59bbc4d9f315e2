package org.vireo.machines;

import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Validation;
import org.vireo.security.CurrentUser;

/** A machine's name and its delete protection, changed by its tenant's users in any state but while deleting. */
@Service
public class MachineEdits {
    private final MachineService machines;
    private final AuditLog audit;

    MachineEdits(MachineService machines, AuditLog audit) {
        this.machines = machines;
        this.audit = audit;
    }

    /** {@code name} and {@code deleteProtected} null: unchanged. The domain keeps its name (it names the id). */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine edit(UUID id, String name, Boolean deleteProtected, AuditSource source) {
        var caller = CurrentUser.require();
        String newName = name == null ? null : Validation.name("name", name);
        var before = machines.get(id);
        try {
            machines.claim(id, MachineAction.EDIT, source, e -> {
                if (newName != null && !newName.equals(e.getName())) {
                    if (machines.repository().existsByTenantIdAndName(e.getTenantId(), newName)) {
                        throw new InvalidInputException("name", "machines.name-taken");
                    }
                    e.rename(newName);
                }
                if (deleteProtected != null) {
                    e.protectFromDelete(deleteProtected);
                }
            });
        } catch (RuntimeException e) {
            audit.refused(caller.username(), before.tenantId(), "machine.edit", before.name(), source, null, e);
            throw e;
        }
        machines.end(id);
        var after = machines.update(id, e -> { });
        audit.record(caller.username(), after.getTenantId(), "machine.edit", after.getName(), AuditOutcome.SUCCESS,
                source, ((newName != null && !newName.equals(before.name()) ? "renamed from " + before.name() : "")
                        + (deleteProtected == null ? "" : " delete protection " + (deleteProtected ? "on" : "off")))
                        .strip());
        return after.toMachine();
    }
}
