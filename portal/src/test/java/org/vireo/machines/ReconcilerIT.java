package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditSource;
import org.vireo.hypervisor.DomainLifecycleEvent;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.security.AccountService;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;
import org.vireo.templates.TemplateService;

/**
 * The reconciler aligns the database with libvirt: a missed event, and a domain removed outside Vireo; a late
 * "undefined" from a host the machine has left changes nothing.
 */
@IntegrationTest
class ReconcilerIT {
    @Autowired
    MachineService machines;

    @Autowired
    MachineStateSync sync;

    @Autowired
    MachineRepository repository;

    @Autowired
    TemplateService templates;

    @Autowired
    AccountService accounts;

    @Autowired
    PlatformTransactionManager txManager;

    @Test
    void driftedStateIsFixedAndAVanishedDomainBecomesError() throws Exception {
        var demo = ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
        UUID template = SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                .findFirst()
                .orElseThrow()
                .id());
        var m = Actors.as(
                demo,
                () -> machines.create(
                        new CreateMachine(
                                "rec-" + UUID.randomUUID().toString().substring(0, 6), template, 1, 128, 1, false),
                        AuditSource.API));
        try {
            // A missed event: the database says RUNNING, libvirt says shut off.
            new TransactionTemplate(txManager)
                    .executeWithoutResult(
                            s -> repository.lockById(m.id()).orElseThrow().running(null));
            assertThat(SystemActor.call(() -> sync.reconcile())).isGreaterThanOrEqualTo(1);
            assertThat(Actors.as(demo, () -> machines.get(m.id())).state()).isEqualTo(MachineState.STOPPED);

            // The host a machine left reports its domain undefined after the move has ended: the domain is still
            // on the machine's host (here: the same host), so nothing changes.
            sync.onDomainEvent(new DomainLifecycleEvent(m.domainName(), null, "undefined"));
            assertThat(Actors.as(demo, () -> machines.get(m.id())).state()).isEqualTo(MachineState.STOPPED);

            // The domain removed behind Vireo's back.
            Virsh.run("undefine", m.domainName());
            SystemActor.run(() -> sync.reconcile());
            var after = Actors.as(demo, () -> machines.get(m.id()));
            assertThat(after.state()).isEqualTo(MachineState.ERROR);
            assertThat(after.stateDetail()).contains("missing");
        } finally {
            Actors.as(demo, () -> machines.delete(m.id(), AuditSource.API));
        }
    }
}
