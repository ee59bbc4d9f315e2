package org.vireo.machines;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.NotFoundException;
import org.vireo.base.OperationFailedException;
import org.vireo.base.Validation;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

/**
 * New vCPU and memory sizes and a larger disk for a stopped machine (null keeps a size). What grows is checked
 * against the quota and taken in the same transaction under the tenant's quota lock; shrinking vCPUs or memory is
 * always allowed, shrinking the disk never. If the hypervisor refuses, the old sizes are restored.
 */
@Component
class MachineResizes {
    private static final Logger log = LoggerFactory.getLogger(MachineResizes.class);
    private final MachineQueries queries;
    private final MachineRepository machines;
    private final MachineTransitions transitions;
    private final TemplateService templates;
    private final QuotaService quotas;
    private final HostConnections hosts;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    MachineResizes(
            MachineQueries queries,
            MachineRepository machines,
            MachineTransitions transitions,
            TemplateService templates,
            QuotaService quotas,
            HostConnections hosts,
            AuditLog audit,
            PlatformTransactionManager txManager) {
        this.queries = queries;
        this.machines = machines;
        this.transitions = transitions;
        this.templates = templates;
        this.quotas = quotas;
        this.hosts = hosts;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
    }

    Machine resize(UUID id, Integer vcpus, Integer memoryMiB, Integer diskGiB, AuditSource source) {
        var caller = CurrentUser.require();
        var current = queries.get(id);
        Template template;
        try {
            template = templates.get(current.templateId());
        } catch (NotFoundException e) {
            template = null; // the template was removed: only the general limits apply
        }
        int newVcpus = Validation.range(
                "vcpus",
                vcpus == null ? current.vcpus() : vcpus,
                template == null ? 1 : template.minVcpus(),
                MachineProvisioning.MAX_VCPUS);
        int newMemory = Validation.range(
                "memoryMiB",
                memoryMiB == null ? current.memoryMiB() : memoryMiB,
                template == null ? 64 : template.minMemoryMiB(),
                MachineProvisioning.MAX_MEMORY_MIB);
        int newDisk = Validation.range(
                "diskGiB",
                diskGiB == null ? current.diskGiB() : diskGiB,
                current.diskGiB(),
                MachineProvisioning.MAX_DISK_GIB);
        Machine before;
        try {
            before = tx.execute(s -> {
                var e = machines.lockById(current.id()).orElseThrow(() -> new NotFoundException("machine"));
                var old = e.toMachine();
                if (!MachineAction.RESIZE.allowedIn(e.getState())) {
                    throw new ConflictException(
                            "machines.resize-stopped-only", e.getState().name());
                }
                var growth = new Resources(
                        Math.max(0, newVcpus - old.vcpus()),
                        Math.max(0, newMemory - old.memoryMiB()),
                        Math.max(0, newDisk - old.diskGiB()),
                        0);
                quotas.checkAndLock(old.tenantId(), growth, () -> queries.usage(old.tenantId()));
                e.resize(newVcpus, newMemory, newDisk);
                return old;
            });
        } catch (RuntimeException e) {
            audit.refused(caller.username(), current.tenantId(), "machine.resize", current.name(), source, null, e);
            throw e;
        }
        var hypervisor = hosts.of(before.hostId());
        try {
            hypervisor.resize(before.domainName(), newVcpus, newMemory);
            if (newDisk > before.diskGiB()) {
                hypervisor.growDisk(hypervisor.diskVolume(before.domainName()), newDisk);
            }
        } catch (RuntimeException e) {
            try {
                hypervisor.resize(before.domainName(), before.vcpus(), before.memoryMiB());
            } catch (RuntimeException again) {
                log.warn(
                        "resize of {} failed and its old sizes could not be restored: {}",
                        before.domainName(),
                        again.getMessage());
            }
            transitions.update(id, m -> m.resize(before.vcpus(), before.memoryMiB(), before.diskGiB()));
            audit.refused(caller.username(), before.tenantId(), "machine.resize", before.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
        var after = transitions.update(id, m -> {});
        audit.record(
                caller.username(),
                before.tenantId(),
                "machine.resize",
                before.name(),
                AuditOutcome.SUCCESS,
                source,
                "vcpus " + before.vcpus() + "->" + newVcpus + " memoryMiB " + before.memoryMiB() + "->" + newMemory
                        + " diskGiB " + before.diskGiB() + "->" + newDisk);
        return after.toMachine();
    }
}
