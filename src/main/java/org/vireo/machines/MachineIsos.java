package org.vireo.machines;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.OperationFailedException;
import org.vireo.hosts.HostConnections;
import org.vireo.security.CurrentUser;
import org.springframework.dao.DataIntegrityViolationException;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;
import org.vireo.templates.TemplateService;

/**
 * An ISO of the operators' library in a stopped machine's CD-ROM drive, which it then boots from first (an
 * installer, a live system), or ejected again. Machines that boot a kernel directly have no such drive.
 */
@Service
public class MachineIsos {
    private final MachineService machines;
    private final TemplateService templates;
    private final HostConnections hosts;
    private final AuditLog audit;

    MachineIsos(MachineService machines, TemplateService templates, HostConnections hosts, AuditLog audit) {
        this.machines = machines;
        this.templates = templates;
        this.hosts = hosts;
        this.audit = audit;
    }

    /** {@code isoId} null ejects. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine insert(UUID id, UUID isoId, AuditSource source) {
        String caller = CurrentUser.require().username();
        var current = machines.get(id);
        machines.requireActive(current.tenantId());
        Template iso = null;
        if (isoId != null) {
            try {
                iso = templates.get(isoId);
            } catch (NotFoundException e) {
                throw new InvalidInputException("isoId", "machines.iso-unknown");
            }
            if (iso.kind() != TemplateKind.ISO) {
                throw new InvalidInputException("isoId", "machines.iso-unknown");
            }
        }
        Template own;
        try {
            own = templates.get(current.templateId());
        } catch (NotFoundException e) {
            own = null;
        }
        if (own != null && own.kind() == TemplateKind.KERNEL) {
            throw new ConflictException("machines.iso-kernel-boot");
        }
        if (current.rescue()) {
            throw new ConflictException("machines.iso-in-rescue");
        }
        Machine before;
        UUID[] previous = {null};
        try {
            // the ISO is the machine's from the claim on: its row (a foreign key) cannot be deleted while the machine
            // gets it, and a delete that came first makes the claim fail
            before = machines.claim(id, MachineAction.ISO, source, e -> {
                if (e.toMachine().rescue()) {
                    throw new ConflictException("machines.iso-in-rescue");
                }
                previous[0] = e.toMachine().isoId();
                if (isoId != null) {
                    machines.holdTemplate(isoId, "isoId", "machines.iso-unknown");
                }
                e.insertIso(isoId);
            });
        } catch (DataIntegrityViolationException e) {
            var unknown = new InvalidInputException("isoId", "machines.iso-unknown");
            audit.refused(caller, current.tenantId(), "machine.iso", current.name(), source, null, unknown);
            throw unknown;
        } catch (RuntimeException e) {
            audit.refused(caller, current.tenantId(), "machine.iso", current.name(), source, null, e);
            throw e;
        }
        var hypervisor = machines.hypervisor(before);
        try {
            Path file = null;
            if (iso != null) {
                file = hosts.isLocal(before.hostId()) ? iso.image()
                        : hypervisor.copyToPool(MachineService.templatePrefix(iso.id()) + ".iso", iso.image(),
                                share -> { });
            }
            hypervisor.setIso(before.domainName(), file);
        } catch (RuntimeException e) {
            machines.update(id, m -> m.insertIso(previous[0]));
            machines.end(id);
            audit.refused(caller, before.tenantId(), "machine.iso", before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
        var after = machines.get(id);
        machines.end(id);
        audit.record(caller, before.tenantId(), "machine.iso", before.name(), AuditOutcome.SUCCESS, source,
                iso == null ? "ejected" : "inserted " + iso.name());
        return after;
    }
}
