package org.vireo.machines;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.vireo.audit.AuditSource;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.security.SystemActor;
import org.vireo.tenants.TenantDeleted;
import org.vireo.tenants.TenantSuspended;

/** What happens to machines when a tenant is suspended (powered off) or deleted (its network removed). */
@Component
class TenantMachineReactions {
    private static final Logger log = LoggerFactory.getLogger(TenantMachineReactions.class);
    private final MachineRepository machines;
    private final MachineService service;
    private final HostConnections hosts;
    private final Executor worker = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "vireo-tenant-reactions");
        t.setDaemon(true);
        return t;
    });

    TenantMachineReactions(MachineRepository machines, MachineService service, HostConnections hosts) {
        this.hosts = hosts;
        this.machines = machines;
        this.service = service;
    }

    /**
     * Runs on its own thread: inside an after-commit callback the finished transaction is still bound, and the
     * machine updates would join it and never commit.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(TenantSuspended event) {
        worker.execute(() -> SystemActor.run(() -> machines.findByTenantId(event.tenantId(), Pageable.unpaged())
                .forEach(m -> {
                    var s = m.getState();
                    if (s == MachineState.RUNNING
                            || s == MachineState.STARTING
                            || s == MachineState.STOPPING
                            || s == MachineState.PAUSED) {
                        try {
                            service.powerOff(m.getId(), AuditSource.SYSTEM);
                        } catch (RuntimeException e) {
                            log.warn("suspend: power-off of {} failed: {}", m.getDomainName(), e.getMessage());
                        }
                    }
                })));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(TenantDeleted event) {
        for (var h : hosts.hosts().stream().map(hosts::of).toList()) {
            try {
                h.deleteNetwork(TenantNetworks.networkName(event.tenantId()));
            } catch (HypervisorException e) {
                log.warn("network of deleted tenant {} not removed: {}", event.tenantId(), e.getMessage());
            }
        }
    }
}
