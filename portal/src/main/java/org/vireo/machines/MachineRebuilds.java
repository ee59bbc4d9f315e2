package org.vireo.machines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.internal.SnapshotEntity;
import org.vireo.machines.internal.SnapshotRepository;
import org.vireo.quotas.Resources;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

/**
 * Reinstalls a machine from a template (its own or another): same id, name, host and sizes, a fresh disk (an
 * overlay on the template's base), its snapshots gone, and cloud-init running again under a new instance-id. A
 * machine that ran is started again.
 */
@Service
public class MachineRebuilds {
    private final MachineService machines;
    private final TemplateService templates;
    private final SnapshotRepository snapshots;
    private final HostConnections hosts;
    private final OperationRunner runner;
    private final GuestRequests guestRequests;
    private final TemplateHolds templateHolds;
    private final MachineProvisioning provisioning;
    private final MachineBoots boots;

    MachineRebuilds(
            MachineService machines,
            TemplateService templates,
            SnapshotRepository snapshots,
            HostConnections hosts,
            OperationRunner runner,
            GuestRequests guestRequests,
            TemplateHolds templateHolds,
            MachineProvisioning provisioning,
            MachineBoots boots) {
        this.guestRequests = guestRequests;
        this.templateHolds = templateHolds;
        this.provisioning = provisioning;
        this.boots = boots;
        this.machines = machines;
        this.templates = templates;
        this.snapshots = snapshots;
        this.hosts = hosts;
        this.runner = runner;
    }

    /**
     * What the new installation gets: the template, and as at create the SSH keys ({@code sshKeyIds} null: all the
     * caller's), user-data and a generated password ({@code password} true).
     */
    public record Rebuild(UUID templateId, List<UUID> sshKeyIds, String userData, Boolean password) {}

    /** The rebuilt machine, and the generated password when one was asked for (shown once). */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public MachineService.Provisioned rebuild(UUID id, Rebuild r, AuditSource source) {
        var current = machines.get(id);
        machines.requireActive(current.tenantId());
        if (r == null || r.templateId() == null) {
            throw new InvalidInputException("templateId", "validation.required");
        }
        Template template;
        try {
            template = templates.get(r.templateId());
        } catch (NotFoundException e) {
            throw new InvalidInputException("templateId", "machines.template-unknown");
        }
        checkFits(current, template);
        var guest = guestRequests.of(
                new CreateMachine(
                        current.name(),
                        template.id(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        r.sshKeyIds(),
                        r.userData(),
                        r.password()),
                template);
        int[] dropped = {0};
        var after = runner.on(current, MachineAction.REBUILD, "machine.rebuild", source)
                .claim(e -> {
                    if (e.isDeleteProtected()) {
                        throw new ConflictException("machines.delete-protected");
                    }
                    e.stopped("rebuilding");
                    // the template is the machine's from the claim on: its row stays locked until then (a delete
                    // waits, and then counts this machine), and a delete that came first makes the claim fail
                    templateHolds.hold(template.id(), "templateId", "machines.template-unknown");
                    e.rebuiltFrom(template.id());
                })
                .work((before, hypervisor) -> {
                    boolean wasRunning = before.state() == MachineState.RUNNING;
                    String domain = before.domainName();
                    hypervisor.destroy(domain);
                    hypervisor.undefine(domain);
                    // disk, snapshot overlays and seed: all of the machine's volumes
                    hypervisor.volumes(domain + ".").forEach(hypervisor::deleteDisk);
                    var chain = snapshots.findByMachineIdOrderByCreatedAtAscIdAsc(id);
                    dropped[0] = chain.size();
                    runner.inTransaction(() -> snapshots.deleteAllById(
                            chain.stream().map(SnapshotEntity::getId).toList()));
                    boolean local = hosts.isLocal(before.hostId());
                    String hostName = hosts.hosts().stream()
                            .filter(h -> h.id().equals(before.hostId()))
                            .map(h -> h.name())
                            .findFirst()
                            .orElse("local");
                    try {
                        provisioning
                                .buildOnHost(
                                        id,
                                        before.tenantId(),
                                        before.name(),
                                        domain,
                                        template,
                                        new Resources(before.vcpus(), before.memoryMiB(), before.diskGiB(), 1),
                                        before.hostId(),
                                        local,
                                        hostName,
                                        guest.guest(),
                                        id + "-" + System.currentTimeMillis())
                                .awaitReservation();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (wasRunning) {
                        boots.boot(hypervisor, id, domain);
                    }
                    return runner.update(id, e -> e.upAfterwards(wasRunning, null));
                })
                .compensate(before -> runner.update(id, m -> m.failed("rebuild failed")))
                .audit(done -> "template=" + template.name() + ", snapshots deleted: " + dropped[0])
                .run();
        return new MachineService.Provisioned(after.toMachine(), guest.password());
    }

    /** A machine is rebuilt from a bootable template whose minimum sizes it has: it keeps its own sizes. */
    static void checkFits(Machine machine, Template template) {
        MachineProvisioning.requireBootable(template);
        if (template.minDiskGiB() > machine.diskGiB()
                || template.minMemoryMiB() > machine.memoryMiB()
                || template.minVcpus() > machine.vcpus()) {
            throw new InvalidInputException(
                    "templateId", "machines.rebuild-too-small", template.minDiskGiB(), template.minMemoryMiB());
        }
    }
}
