package org.vireo.machines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.Hypervisor;

/**
 * Rescue mode: the machine boots a small rescue system from RAM (the busybox kernel and initramfs of
 * {@code scripts/build-demo-template} by default) with its own disk attached, for repairs when its system no longer
 * boots; ending it boots the machine's own system again. Either way the machine is (re)started.
 */
@Service
@EnableConfigurationProperties(RescueAndFirewallSettings.Rescue.class)
public class MachineRescues {
    private static final Logger log = LoggerFactory.getLogger(MachineRescues.class);
    private static final String CMDLINE = "console=tty1 console=ttyS0 vireo.rescue";
    private final MachineService machines;
    private final HostConnections hosts;
    private final OperationRunner runner;
    private final MachineBoots boots;
    private final Path kernel;
    private final Path initrd;

    MachineRescues(
            MachineService machines,
            HostConnections hosts,
            OperationRunner runner,
            MachineBoots boots,
            RescueAndFirewallSettings.Rescue settings) {
        this.machines = machines;
        this.hosts = hosts;
        this.runner = runner;
        this.boots = boots;
        this.kernel = settings.kernel();
        this.initrd = settings.initrd();
    }

    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Machine rescue(UUID id, Boolean on, AuditSource source) {
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
            log.warn(
                    "rescue asked for but the rescue system is missing ({}, {}): run scripts/setup-host",
                    kernel,
                    initrd);
            throw new ConflictException("machines.rescue-unavailable");
        }
        var after = runner.on(current, MachineAction.RESCUE, "machine.rescue", source)
                .claim(e -> {
                    String refusal = refusal(e.toMachine(), enabled); // an ISO may have come since the check above
                    if (refusal != null) {
                        throw new ConflictException(refusal);
                    }
                })
                .work((before, hypervisor) -> {
                    String domain = before.domainName();
                    hypervisor.destroy(domain);
                    hypervisor.setRescue(domain, enabled ? rescueSystem(hypervisor, before.hostId()) : null);
                    runner.update(id, e -> {
                        e.rescue(enabled);
                        e.starting(enabled ? "rescue" : null);
                    });
                    boots.boot(hypervisor, id, domain);
                    return runner.update(id, e -> e.running(enabled ? "rescue" : null));
                })
                .compensate(before -> runner.update(id, m -> m.failed("rescue failed")))
                .audit(r -> enabled ? "rescue system booted" : "own system booted")
                .run();
        return after.toMachine();
    }

    /**
     * Why rescue mode cannot be switched on ({@code enabled}) or off for the machine now (a message key), or null:
     * an ISO in its drive would boot instead of the rescue system, and a running machine already in the mode asked
     * for has nothing to change (a stopped or failed one is booted in it).
     */
    static String refusal(Machine machine, boolean enabled) {
        if (enabled && machine.isoId() != null) {
            return "machines.rescue-with-iso";
        }
        if (machine.rescue() == enabled && machine.state() == MachineState.RUNNING) {
            return enabled ? "machines.rescue-already" : "machines.rescue-not";
        }
        return null;
    }

    /** The rescue files where the host's libvirt opens them: here, or copied into another host's pool once. */
    private DomainSpec.KernelBoot rescueSystem(Hypervisor hypervisor, UUID hostId) {
        if (hosts.isLocal(hostId)) {
            return new DomainSpec.KernelBoot(kernel, initrd, CMDLINE);
        }
        return new DomainSpec.KernelBoot(
                hypervisor.copyToPool("vireo-rescue.kernel", kernel, share -> {}),
                hypervisor.copyToPool("vireo-rescue.initrd", initrd, share -> {}),
                CMDLINE);
    }
}
