package org.vireo.machines;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.cluster.NodeLease;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.security.SystemActor;

/** Graceful shutdowns past their deadline become a power-off (on the lease holder, every second). */
@Component
class OverdueShutdowns {
    private static final Logger log = LoggerFactory.getLogger(OverdueShutdowns.class);
    private final MachineRepository machines;
    private final MachineTransitions transitions;
    private final HostConnections hosts;
    private final NodeLease lease;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    OverdueShutdowns(
            MachineRepository machines,
            MachineTransitions transitions,
            HostConnections hosts,
            NodeLease lease,
            AuditLog audit,
            PlatformTransactionManager txManager) {
        this.machines = machines;
        this.transitions = transitions;
        this.hosts = hosts;
        this.lease = lease;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
    }

    @Scheduled(fixedDelay = 1000)
    void forceOverdueShutdowns() {
        if (lease.isLeader()) {
            SystemActor.run(this::forceOverdue);
        }
    }

    private void forceOverdue() {
        for (var m : machines.findByStateAndShutdownDeadlineBefore(MachineState.STOPPING, Instant.now())) {
            try {
                log.info("machine {} did not shut down by {}, powering off", m.getId(), m.getShutdownDeadline());
                hosts.of(m.getHostId()).destroy(m.getDomainName());
                var changed = tx.execute(s -> machines.lockById(m.getId())
                        .filter(l -> l.getState() == MachineState.STOPPING)
                        .map(l -> {
                            l.stopped("powered off after the shutdown timeout");
                            return l;
                        })
                        .orElse(null));
                if (changed != null) {
                    transitions.publish(changed);
                    transitions.incident(changed, MachineIncident.Kind.POWERED_OFF);
                    audit.record(
                            "system",
                            m.getTenantId(),
                            "machine.poweroff",
                            m.getDomainName(),
                            AuditOutcome.SUCCESS,
                            AuditSource.SYSTEM,
                            "shutdown timeout");
                }
            } catch (HypervisorException e) {
                log.warn("forced power-off of {} failed: {}", m.getDomainName(), e.getMessage());
            }
        }
    }
}
