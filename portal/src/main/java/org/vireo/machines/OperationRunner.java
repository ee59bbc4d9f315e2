package org.vireo.machines;

import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.OperationFailedException;
import org.vireo.base.Refusals;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.security.CurrentUser;

/**
 * The steps every long operation on one machine takes, written once: claim the machine (its state must allow the
 * action; a guard and the row's change run under its lock; the operation is recorded, see
 * {@link MachineOperations}), audit a refusal, do the work on the machine's host outside any transaction, on a
 * failure compensate and report it (Vireo's own refusals as they are, anything else as
 * {@code machines.operation-failed}, the hypervisor's words for operators only), end the operation, audit the
 * outcome.
 *
 * <pre>{@code
 * runner.on(machine, MachineAction.ISO, "machine.iso", source)
 *       .claim(e -> e.insertIso(isoId))
 *       .work((before, hypervisor) -> { hypervisor.setIso(...); return null; })
 *       .compensate(before -> runner.update(before.id(), e -> e.insertIso(previous)))
 *       .audit(r -> "inserted " + name)
 *       .run();
 * }</pre>
 */
@Component
class OperationRunner {
    private static final Logger log = LoggerFactory.getLogger(OperationRunner.class);
    private final MachineTransitions transitions;
    private final HostConnections hosts;
    private final AuditLog audit;

    OperationRunner(MachineTransitions transitions, HostConnections hosts, AuditLog audit) {
        this.transitions = transitions;
        this.hosts = hosts;
        this.audit = audit;
    }

    /** An operation on {@code current} (the caller's machine as read before), audited as {@code auditAction}. */
    Operation<Void> on(Machine current, MachineAction action, String auditAction, AuditSource source) {
        return new Operation<>(current, action, auditAction, source);
    }

    /** Database work of an operation (an allocation, a release) in a transaction of its own. */
    <T> T inTransaction(Supplier<T> work) {
        return transitions.inTransaction(work);
    }

    void inTransaction(Runnable work) {
        transitions.inTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** Changes the row of a machine this process holds in an operation. */
    MachineEntity update(UUID id, Consumer<MachineEntity> change) {
        return transitions.update(id, change);
    }

    final class Operation<R> {
        private final Machine current;
        private final MachineAction action;
        private final String auditAction;
        private final AuditSource source;
        private Consumer<MachineEntity> claim = e -> {};
        private BiFunction<Machine, Hypervisor, R> work = (m, h) -> null;
        private boolean onHost = true;
        private Function<R, String> target;
        private BiConsumer<Machine, Hypervisor> compensate = (m, h) -> {};
        private Hypervisor hypervisor;
        private Function<R, String> detail = r -> null;
        private Consumer<MachineEntity> afterwards;

        private Operation(Machine current, MachineAction action, String auditAction, AuditSource source) {
            this.current = current;
            this.action = action;
            this.auditAction = auditAction;
            this.source = source;
        }

        /** A guard (throws to refuse) and the row's change, under the machine's lock with the claim. */
        Operation<R> claim(Consumer<MachineEntity> change) {
            this.claim = change;
            return this;
        }

        /** The work on the machine's host (as it was before the claim), outside any transaction. */
        @SuppressWarnings("unchecked")
        <T> Operation<T> work(BiFunction<Machine, Hypervisor, T> work) {
            var typed = (Operation<T>) this;
            typed.work = work;
            return typed;
        }

        /** Work on the database only (the machine's host is not reached: it may be down). */
        @SuppressWarnings("unchecked")
        <T> Operation<T> change(Function<Machine, T> change) {
            var typed = (Operation<T>) this;
            typed.work = (m, h) -> change.apply(m);
            typed.onHost = false;
            return typed;
        }

        /** The audit entry's target when not the machine's name as it was (a rename). */
        Operation<R> auditTarget(Function<R, String> target) {
            this.target = target;
            return this;
        }

        /** What undoes or marks a failed work (it runs before the operation ends). */
        Operation<R> compensate(Consumer<Machine> compensate) {
            this.compensate = (m, h) -> compensate.accept(m);
            return this;
        }

        /** What undoes a failed work on the host too (the hypervisor is null when the work did not reach it). */
        Operation<R> compensateOnHost(BiConsumer<Machine, Hypervisor> compensate) {
            this.compensate = compensate;
            return this;
        }

        /** A change of the row once the operation has ended, whichever way (a progress detail cleared). */
        Operation<R> afterwards(Consumer<MachineEntity> change) {
            this.afterwards = change;
            return this;
        }

        /** The success's audit detail, readable by the tenant. */
        Operation<R> audit(Function<R, String> detail) {
            this.detail = detail;
            return this;
        }

        R run() {
            String caller = CurrentUser.require().username();
            return finish(caller, claimed(caller));
        }

        /**
         * Claims the machine now (a refusal is thrown here) and does the rest on {@code executor}; returns the
         * machine as it was. The outcome is audited there; a failure is logged and compensated, not thrown.
         */
        Machine start(Executor executor) {
            return start(executor, failure -> {});
        }

        /** As above; {@code ended} hears how the work ended there (null: it succeeded). */
        Machine start(Executor executor, Consumer<RuntimeException> ended) {
            String caller = CurrentUser.require().username();
            Machine before = claimed(caller);
            executor.execute(() -> {
                RuntimeException failure = null;
                try {
                    finish(caller, before);
                } catch (RuntimeException e) {
                    failure = e;
                    log.debug("{} of {} ended with {}", auditAction, before.domainName(), e.toString());
                } finally {
                    ended.accept(failure);
                }
            });
            return before;
        }

        private void ended(Machine before) {
            transitions.end(before.id());
            if (afterwards != null) {
                try {
                    transitions.update(before.id(), afterwards);
                } catch (RuntimeException e) {
                    log.warn(
                            "{} of {}: the change after it failed: {}", auditAction, before.domainName(), e.toString());
                }
            }
        }

        private Machine claimed(String caller) {
            try {
                return transitions.claim(current.id(), action, source, claim);
            } catch (RuntimeException e) {
                audit.refused(caller, current.tenantId(), auditAction, current.name(), source, null, e);
                throw e;
            }
        }

        private R finish(String caller, Machine before) {
            R result;
            try {
                hypervisor = onHost ? hosts.of(before.hostId()) : null;
                result = work.apply(before, hypervisor);
            } catch (RuntimeException e) {
                log.warn("{} of {} failed: {}", auditAction, before.domainName(), e.getMessage());
                try {
                    compensate.accept(before, hypervisor);
                } catch (RuntimeException c) {
                    log.warn("{} of {}: compensation failed too: {}", auditAction, before.domainName(), c.toString());
                } finally {
                    ended(before);
                }
                audit.refused(caller, before.tenantId(), auditAction, before.name(), source, null, e);
                if (Refusals.isOwn(e)) {
                    throw e; // Vireo's own refusal (a quota, bad input) as it is
                }
                throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
            }
            ended(before);
            audit.record(
                    caller,
                    before.tenantId(),
                    auditAction,
                    target == null ? before.name() : target.apply(result),
                    AuditOutcome.SUCCESS,
                    source,
                    detail.apply(result));
            return result;
        }
    }
}
