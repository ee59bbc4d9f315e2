package org.vireo.machines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.OperationFailedException;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.security.CurrentUser;

/**
 * Rescue mode: the machine boots a small rescue system from RAM (the busybox kernel and initramfs of
 * {@code scripts/build-demo-template} by default) with its own disk attached, for repairs when its system no longer
 * boots; ending it boots the machine's own system again. Either way the machine is (re)started.
 */
@Service
public class MachineRescues {
    private static final Logger log = LoggerFactory.getLogger(MachineRescues.class);
    private static final String CMDLINE = "console=tty1 console=ttyS0 vireo.rescue";
    private final MachineService machines;
    private final HostConnections hosts;
    private final AuditLog audit;
    private final Path kernel;
    private final Path initrd;

    MachineRescues(MachineService machines, HostConnections hosts, AuditLog audit,
                   @Value("${vireo.rescue.kernel}") Path kernel, @Value("${vireo.rescue.initrd}") Path initrd) {
        this.machines = machines;
        this.hosts = hosts;
        this.audit = audit;
        this.kernel = kernel.toAbsolutePath().normalize();
        this.initrd = initrd.toAbsolutePath().normalize();
    }

    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine rescue(UUID id, Boolean on, AuditSource source) {
        var caller = CurrentUser.require();
        var current = machines.get(id);
        if (on == null) {
            throw new InvalidInputException("enabled", "validation.required");
        }
        boolean enabled = on;
        machines.requireActive(current.tenantId());
        if (enabled && current.isoId() != null) {
            throw new ConflictException("machines.rescue-with-iso");
        }
        if (enabled && (!Files.isRegularFile(kernel) || !Files.isRegularFile(initrd))) {
            log.warn("rescue asked for but the rescue system is missing ({}, {}): run scripts/setup-host", kernel,
                    initrd);
            throw new ConflictException("machines.rescue-unavailable");
        }
        Machine before;
        try {
            before = machines.claim(id, MachineAction.RESCUE, source, e -> {
                if (enabled && e.toMachine().isoId() != null) { // inserted since the check above
                    throw new ConflictException("machines.rescue-with-iso");
                }
                if (e.toMachine().rescue() == enabled && e.getState() == MachineState.RUNNING) {
                    throw new ConflictException(enabled ? "machines.rescue-already" : "machines.rescue-not");
                }
            });
        } catch (RuntimeException e) {
            audit.refused(caller.username(), current.tenantId(), "machine.rescue", current.name(), source, null, e);
            throw e;
        }
        var hypervisor = machines.hypervisor(before);
        String domain = before.domainName();
        try {
            hypervisor.destroy(domain);
            hypervisor.setRescue(domain, enabled ? rescueSystem(hypervisor, before.hostId()) : null);
            machines.update(id, e -> {
                e.rescue(enabled);
                e.setState(MachineState.STARTING, enabled ? "rescue" : null);
            });
            machines.boot(hypervisor, id, domain);
        } catch (RuntimeException e) {
            log.warn("rescue {} of {} failed: {}", enabled, domain, e.getMessage());
            machines.update(id, m -> m.setState(MachineState.ERROR, "rescue failed"));
            machines.end(id);
            audit.refused(caller.username(), before.tenantId(), "machine.rescue", before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
        var after = machines.update(id, e -> e.setState(MachineState.RUNNING, enabled ? "rescue" : null));
        machines.end(id);
        audit.record(caller.username(), before.tenantId(), "machine.rescue", before.name(), AuditOutcome.SUCCESS,
                source, enabled ? "rescue system booted" : "own system booted");
        return after.toMachine();
    }

    /** The rescue files where the host's libvirt opens them: here, or copied into another host's pool once. */
    private DomainSpec.KernelBoot rescueSystem(Hypervisor hypervisor, UUID hostId) {
        if (hosts.isLocal(hostId)) {
            return new DomainSpec.KernelBoot(kernel, initrd, CMDLINE);
        }
        return new DomainSpec.KernelBoot(hypervisor.copyToPool("vireo-rescue.kernel", kernel, share -> { }),
                hypervisor.copyToPool("vireo-rescue.initrd", initrd, share -> { }), CMDLINE);
    }
}
