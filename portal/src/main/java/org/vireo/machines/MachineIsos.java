package org.vireo.machines;

import java.nio.file.Path;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.hosts.HostConnections;
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
    private final OperationRunner runner;
    private final TemplateHolds templateHolds;

    MachineIsos(
            MachineService machines,
            TemplateService templates,
            HostConnections hosts,
            OperationRunner runner,
            TemplateHolds templateHolds) {
        this.templateHolds = templateHolds;
        this.machines = machines;
        this.templates = templates;
        this.hosts = hosts;
        this.runner = runner;
    }

    /** {@code isoId} null ejects. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine insert(UUID id, UUID isoId, AuditSource source) {
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
        String refusal = refusal(current, own);
        if (refusal != null) {
            throw new ConflictException(refusal);
        }
        UUID[] previous = {null};
        Template inserted = iso;
        runner.on(current, MachineAction.ISO, "machine.iso", source)
                // the ISO is the machine's from the claim on: its row stays locked until then (a delete waits, and
                // then counts this machine), and a delete that came first makes the claim fail
                .claim(e -> {
                    String refusedNow = refusal(e.toMachine(), null); // rescue may have begun since the check above
                    if (refusedNow != null) {
                        throw new ConflictException(refusedNow);
                    }
                    previous[0] = e.toMachine().isoId();
                    if (isoId != null) {
                        templateHolds.hold(isoId, "isoId", "machines.iso-unknown");
                    }
                    e.insertIso(isoId);
                })
                .work((before, hypervisor) -> {
                    Path file = null;
                    if (inserted != null) {
                        file = hosts.isLocal(before.hostId())
                                ? inserted.image()
                                : hypervisor.copyToPool(
                                        MachineNames.templatePrefix(inserted.id()) + ".iso",
                                        inserted.image(),
                                        share -> {});
                    }
                    hypervisor.setIso(before.domainName(), file);
                    return null;
                })
                .compensate(before -> runner.update(id, m -> m.insertIso(previous[0])))
                .audit(r -> inserted == null ? "ejected" : "inserted " + inserted.name())
                .run();
        return machines.get(id);
    }

    /**
     * Why the machine's drive cannot take or eject an ISO now (a message key), or null: a machine booting a kernel
     * directly has no drive, and one in rescue mode boots the rescue system. {@code own}: its template, null when
     * that is gone (or not checked again).
     */
    static String refusal(Machine machine, Template own) {
        if (own != null && own.kind() == TemplateKind.KERNEL) {
            return "machines.iso-kernel-boot";
        }
        if (machine.rescue()) {
            return "machines.iso-in-rescue";
        }
        return null;
    }
}
