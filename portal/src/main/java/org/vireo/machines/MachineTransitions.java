package org.vireo.machines;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.NotFoundException;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.security.CurrentUser;

/**
 * A machine's row changes of state: each in a transaction of its own that holds the machine's row lock (libvirt is
 * never called inside one), and each heard by the open pages ({@link MachineChanged}) once committed.
 */
@Component
class MachineTransitions {
    private final MachineRepository machines;
    private final MachineOperations operations;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    MachineTransitions(
            MachineRepository machines,
            MachineOperations operations,
            AuditLog audit,
            PlatformTransactionManager txManager,
            ApplicationEventPublisher events) {
        this.machines = machines;
        this.operations = operations;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
        this.events = events;
    }

    /**
     * Claims the caller's machine for a long operation of this process ({@link #end} ends it): its state must
     * allow {@code action} and no other operation may hold it; {@code change} (a guard may throw) runs on the locked
     * row; returns the machine as it was. The operation is recorded with the state change, in one transaction.
     */
    Machine claim(UUID id, MachineAction action, AuditSource source, Consumer<MachineEntity> change) {
        return transition(id, action, source, e -> {
            operations.begin(id, action.name());
            change.accept(e);
        });
    }

    /** The operation of this process on the machine ends. */
    void end(UUID id) {
        operations.end(id);
    }

    /** Locks the caller's machine, checks its state allows the action, applies the change; returns the before. */
    Machine transition(UUID id, MachineAction action, AuditSource source, Consumer<MachineEntity> change) {
        var caller = CurrentUser.require();
        var result = tx.execute(s -> {
            // Read with the lock (a read before it would keep a stale state in this transaction), then scoped.
            var e = machines.lockById(id)
                    .filter(m -> caller.isAdmin() || m.getTenantId().equals(caller.tenantId()))
                    .orElseThrow(() -> new NotFoundException("machine"));
            if (operations.busy(id)) {
                throw new ConflictException("machines.busy");
            }
            var before = e.toMachine();
            if (!action.allowedIn(e.getState())) {
                audit.record(
                        caller.username(),
                        e.getTenantId(),
                        "machine." + action.name().toLowerCase(),
                        before.name(),
                        AuditOutcome.DENIED,
                        source,
                        "state " + e.getState());
                throw new ConflictException("machines.wrong-state", e.getState().name());
            }
            change.accept(e);
            return new Object[] {before, e};
        });
        publish((MachineEntity) result[1]);
        return (Machine) result[0];
    }

    /** Changes the machine's row under its lock (no state rule: the operation holding it decides). */
    MachineEntity update(UUID id, Consumer<MachineEntity> change) {
        var entity = tx.execute(s -> {
            var e = machines.lockById(id).orElseThrow(() -> new NotFoundException("machine"));
            change.accept(e);
            return e;
        });
        publish(entity);
        return entity;
    }

    /** Database work of an operation (an allocation, a release) in a transaction of its own. */
    <T> T inTransaction(Supplier<T> work) {
        return tx.execute(s -> work.get());
    }

    void publish(MachineEntity e) {
        events.publishEvent(new MachineChanged(e.getId(), e.getTenantId(), e.getState(), false));
    }

    void incident(MachineEntity e, MachineIncident.Kind kind) {
        events.publishEvent(new MachineIncident(e.getId(), e.getTenantId(), e.getName(), kind));
    }
}
