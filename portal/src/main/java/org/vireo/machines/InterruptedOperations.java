package org.vireo.machines;

import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;

/** What the reconciler does with an operation whose node stopped working on it. */
@Component
class InterruptedOperations {
    private static final Logger log = LoggerFactory.getLogger(InterruptedOperations.class);
    private final MachineRepository machines;
    private final MachineOperations operations;
    private final MachineTransitions transitions;
    private final HostFootprint footprint;
    private final PrivateNics nics;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final HostConnections hosts;
    private final MachineBackups backups;

    InterruptedOperations(
            MachineRepository machines,
            MachineOperations operations,
            MachineTransitions transitions,
            HostFootprint footprint,
            PrivateNics nics,
            AuditLog audit,
            ApplicationEventPublisher events,
            PlatformTransactionManager txManager,
            HostConnections hosts,
            MachineBackups backups) {
        this.hosts = hosts;
        this.backups = backups;
        this.machines = machines;
        this.operations = operations;
        this.transitions = transitions;
        this.footprint = footprint;
        this.nics = nics;
        this.audit = audit;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
    }

    /**
     * Takes over an operation whose process died (or gave it up): an interrupted create is rolled back and an
     * interrupted delete finished (the row, and so the reservation, goes only once the host is clean); anything
     * else (a rebuild, rescue, ISO change, address, edit, snapshot) leaves the machine in ERROR with the reason:
     * never deleted. An interrupted backup is marked failed and the machine left as it is. An interrupted move leaves
     * it on the one host libvirt has it on (the state sync then reads its
     * state there); on none or on two, ERROR too. Returns whether the machine changed.
     */
    boolean takeOver(MachineEntity m, MachineOperations.Operation operation) {
        log.warn(
                "machine {} ({}): {} of {} since {} was interrupted (last heartbeat {}); taking over",
                m.getId(),
                m.getDomainName(),
                operation.kind(),
                operation.owner(),
                operation.startedAt(),
                operation.heartbeatAt());
        String kind = operation.kind();
        if (kind.equals(MachineOperations.CREATE) || kind.equals(MachineOperations.DELETE)) {
            if (!footprint.remove(m.getHostId(), m.getDomainName())) {
                return false; // the host did not let go of everything: next run
            }
            tx.executeWithoutResult(s -> {
                if (kind.equals(MachineOperations.DELETE)) { // its addresses were in use: cooldown
                    nics.releasePublic(m.getId());
                }
                machines.deleteById(m.getId()); // the operation with it
            });
            audit.record(
                    "system",
                    m.getTenantId(),
                    "machine.reconcile",
                    m.getDomainName(),
                    AuditOutcome.SUCCESS,
                    AuditSource.SYSTEM,
                    kind.equals(MachineOperations.CREATE)
                            ? "create interrupted, rolled back"
                            : "delete interrupted, finished");
            events.publishEvent(new MachineChanged(m.getId(), m.getTenantId(), m.getState(), true));
            return true;
        }
        boolean backup = kind.equals(MachineAction.BACKUP.name());
        if (backup) { // the machine is as it was: only the backup failed
            backups.interrupted(m.getId(), m.getDomainName());
        }
        String reason = "interrupted: " + kind.toLowerCase(Locale.ROOT);
        // a move: the machine is where libvirt has it, if that is one host only (else ERROR like the rest)
        var movedTo = kind.equals(MachineAction.MIGRATE.name()) ? whereAlone(m) : null;
        var changed = tx.execute(s -> machines.lockById(m.getId())
                .map(locked -> {
                    if (movedTo != null) {
                        locked.moveTo(movedTo);
                        locked.busyWith(null);
                    } else if (backup) {
                        locked.busyWith(null);
                    } else {
                        locked.failed(reason);
                    }
                    operations.end(m.getId());
                    return locked;
                })
                .orElse(null));
        if (changed == null) {
            return false;
        }
        transitions.publish(changed);
        audit.record(
                "system",
                m.getTenantId(),
                "machine.reconcile",
                m.getDomainName(),
                AuditOutcome.SUCCESS,
                AuditSource.SYSTEM,
                movedTo != null
                        ? "move interrupted; the machine is on "
                                + (movedTo.equals(m.getHostId()) ? "the host it was on" : "its target")
                        : backup ? "backup interrupted, marked failed" : "state now ERROR (" + reason + ")");
        return true;
    }

    /** The one host whose libvirt has the machine's domain; null when none or several have it, or one is silent. */
    private UUID whereAlone(MachineEntity m) {
        UUID found = null;
        for (var h : hosts.hosts()) {
            try {
                if (hosts.of(h).state(m.getDomainName()).isPresent()) {
                    if (found != null) {
                        return null;
                    }
                    found = h.id();
                }
            } catch (RuntimeException e) {
                log.warn(
                        "machine {}: host {} did not answer after an interrupted move: {}",
                        m.getDomainName(),
                        h.name(),
                        e.getMessage());
                return null;
            }
        }
        return found;
    }
}
