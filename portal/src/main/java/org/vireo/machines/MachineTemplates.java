package org.vireo.machines;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.templates.TemplateDeleted;
import org.vireo.templates.TemplateUsers;

/** Machines as the templates module sees them: how many use a template, and the template copies on hosts. */
@Component
class MachineTemplates implements TemplateUsers {
    private static final Logger log = LoggerFactory.getLogger(MachineTemplates.class);
    private final MachineRepository machines;
    private final HostConnections hosts;

    MachineTemplates(MachineRepository machines, HostConnections hosts) {
        this.machines = machines;
        this.hosts = hosts;
    }

    @Override
    public long machinesUsing(UUID templateId) {
        return machines.countByTemplateId(templateId) + machines.countByIsoId(templateId);
    }

    /**
     * The copies of a deleted template's files (an ISO's too) in hosts' pools (made on a host's first machine from it).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(TemplateDeleted event) {
        String prefix = MachineNames.templatePrefix(event.templateId()) + ".";
        for (var host : hosts.hosts()) {
            try {
                var hypervisor = hosts.of(host);
                hypervisor.volumes(prefix).forEach(hypervisor::deleteDisk);
            } catch (RuntimeException e) {
                log.warn(
                        "copies of template {} on host {} not removed: {}",
                        event.templateId(),
                        host.name(),
                        e.getMessage());
            }
        }
    }
}
