package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;

/**
 * Long operations recorded in the database, on the real hypervisor: the reconciler leaves an operation alone while
 * its process renews the heartbeat, wherever it runs and however long it takes; one whose process died is taken
 * over: a create is rolled back, anything else (here a rebuild, which shows CREATING while it copies a template)
 * ends in ERROR with the machine kept.
 */
@IntegrationTest
@TestPropertySource(properties = "vireo.machines.stale-operation=PT3S")
class MachineOperationsIT {
    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    HostFootprint footprint;

    @Autowired
    MachineRepository repository;

    @Autowired
    MachineStateSync sync;

    @Autowired
    MachineOperations operations;

    @Autowired
    MachineTransitions transitions;

    @Autowired
    JdbcTemplate jdbc;

    private static final Timestamp LONG_AGO = Timestamp.from(Instant.now().minusSeconds(3600));

    @Test
    void anInterruptedRebuildEndsInErrorAndTheMachineStays() throws Exception {
        var m = demo.create("ops-rebuild-" + suffix(), false);
        try {
            rebuildInterrupted(m);
        } finally {
            deleteQuietly(m);
        }
    }

    private void rebuildInterrupted(Machine m) throws Exception {
        // a rebuild whose node died while it copied the template
        jdbc.update(
                "update machine set state = 'CREATING', state_detail = 'copying template: 0 %', updated_at = ? "
                        + "where id = ?",
                LONG_AGO, m.id());
        jdbc.update(
                "insert into machine_operation (machine_id, kind, owner, started_at, heartbeat_at) "
                        + "values (?, 'REBUILD', 'dead-node#1', ?, ?)",
                m.id(),
                LONG_AGO,
                LONG_AGO);

        SystemActor.run(() -> sync.reconcile());

        var after = Actors.as(demo.user(), () -> machines.get(m.id()));
        assertThat(after.state()).isEqualTo(MachineState.ERROR);
        assertThat(after.stateDetail()).isEqualTo("interrupted: rebuild");
        assertThat(operations.find(m.id())).isEmpty();
        assertThat(Virsh.domainNames()).contains(m.domainName());
        // usable again: it starts, and goes
        Actors.as(demo.user(), () -> machines.start(m.id(), AuditSource.API));
        Actors.as(demo.user(), () -> machines.delete(m.id(), AuditSource.API));
        assertThat(Virsh.domainNames()).doesNotContain(m.domainName());
    }

    @Test
    void aLongCreateOnAnotherNodeIsLeftAloneUntilThatNodeDies() throws Exception {
        var m = demo.create("ops-create-" + suffix(), false);
        try {
            createOfADeadNode(m);
        } finally {
            deleteQuietly(m);
        }
    }

    private void createOfADeadNode(Machine m) throws Exception {
        // a create on another node, older than stale-operation, whose node is alive (fresh heartbeat)
        jdbc.update("update machine set state = 'CREATING', updated_at = ? where id = ?", LONG_AGO, m.id());
        jdbc.update(
                "insert into machine_operation (machine_id, kind, owner, started_at, heartbeat_at) "
                        + "values (?, 'CREATE', 'other-node#2', ?, ?)",
                m.id(),
                LONG_AGO,
                Timestamp.from(Instant.now()));

        SystemActor.run(() -> sync.reconcile());

        assertThat(repository.findById(m.id()))
                .get()
                .extracting(e -> e.getState())
                .isEqualTo(MachineState.CREATING);
        assertThat(Virsh.domainNames()).contains(m.domainName());

        // that node dies: its heartbeat stops, and the create is rolled back (row, domain and disk)
        jdbc.update("update machine_operation set heartbeat_at = ? where machine_id = ?", LONG_AGO, m.id());
        SystemActor.run(() -> sync.reconcile());
        assertThat(repository.findById(m.id())).isEmpty();
        assertThat(Virsh.domainNames()).doesNotContain(m.domainName());
        assertThat(Virsh.run("vol-list", "vireo")).doesNotContain(m.domainName());
    }

    @Test
    void thisProcessKeepsItsOperationsFreshAndABusyMachineRefusesAnother() throws Exception {
        var m = demo.create("ops-fresh-" + suffix(), false);
        try {
            SystemActor.call(() -> transitions.claim(m.id(), MachineAction.SNAPSHOT, AuditSource.API, e -> {}));
            Assertions.assertThatThrownBy(() -> SystemActor.call(
                            () -> transitions.claim(m.id(), MachineAction.SNAPSHOT, AuditSource.API, e -> {})))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("busy");
            Thread.sleep(4500); // longer than stale-operation: renewed meanwhile
            var operation = operations.find(m.id()).orElseThrow();
            assertThat(operations.abandoned(operation)).isFalse();
            SystemActor.run(() -> sync.reconcile());
            assertThat(repository.findById(m.id())).isPresent();
        } finally {
            transitions.end(m.id());
            assertThat(operations.find(m.id())).isEmpty();
            deleteQuietly(m);
        }
    }

    /** A machine a failed assertion left behind goes all the same (the run must leave nothing on the host). */
    private void deleteQuietly(Machine m) {
        SystemActor.run(() -> footprint.remove(m.hostId(), m.domainName()));
        repository.findById(m.id()).ifPresent(e -> repository.deleteById(m.id()));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
