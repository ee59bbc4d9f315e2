package org.vireo.machines;

import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Validation;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;

/** A machine's name and its delete protection, changed by its tenant's users in any state but while deleting. */
@Service
public class MachineEdits {
    private final MachineService machines;
    private final OperationRunner runner;
    private final MachineRepository repository;

    MachineEdits(MachineService machines, OperationRunner runner, MachineRepository repository) {
        this.machines = machines;
        this.runner = runner;
        this.repository = repository;
    }

    /** {@code name} and {@code deleteProtected} null: unchanged. The domain keeps its name (it names the id). */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine edit(UUID id, String name, Boolean deleteProtected, AuditSource source) {
        String newName = name == null ? null : Validation.name("name", name);
        var before = machines.get(id);
        var after = runner.on(before, MachineAction.EDIT, "machine.edit", source)
                .claim(e -> {
                    if (newName != null && !newName.equals(e.getName())) {
                        if (repository.existsByTenantIdAndName(e.getTenantId(), newName)) {
                            throw new InvalidInputException("name", "machines.name-taken");
                        }
                        e.rename(newName);
                    }
                    if (deleteProtected != null) {
                        e.protectFromDelete(deleteProtected);
                    }
                })
                .change(claimed -> runner.update(id, e -> {}))
                .auditTarget(MachineEntity::getName)
                .audit(r -> ((newName != null && !newName.equals(before.name()) ? "renamed from " + before.name() : "")
                                + (deleteProtected == null
                                        ? ""
                                        : " delete protection " + (deleteProtected ? "on" : "off")))
                        .strip())
                .run();
        return after.toMachine();
    }
}
