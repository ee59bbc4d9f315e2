package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.hosts.DrainStatus;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostHealth;
import org.vireo.hosts.HostService;
import org.vireo.quotas.QuotaService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.LabHost;
import org.vireo.support.TwoLabs;

/**
 * Draining lab A (maintenance with evacuate) moves its machines to lab B, two at a time: two running ones live, a
 * stopped one cold. A fourth, too big for what lab B has left (its vCPUs under B's overcommit), stays on lab A, and
 * the drain's state says why. Nothing of the moved ones is left on lab A.
 */
@IntegrationTest
class DrainIT {
    static TwoLabs labs;
    static LabHost labA;
    static LabHost labB;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    HostService hosts;

    @Autowired
    QuotaService quotas;

    @DynamicPropertySource
    static void labs(DynamicPropertyRegistry registry) throws Exception {
        labs = TwoLabs.start("dra", "drb", registry);
        labA = labs.a;
        labB = labs.b;
    }

    @AfterAll
    static void stopLabs() throws Exception {
        TwoLabs.stop(labs);
    }

    @Test
    void drainingAHostMovesItsMachinesAndSaysWhyOneStays() throws Exception {
        var user = demo.user();
        SystemActor.run(() -> quotas.setLimits(user.tenantId(), 100, 100_000, 1000, 50, AuditSource.SYSTEM));
        var registered = labs.register(hosts);
        var a = registered.get(0);
        var b = registered.get(1);
        TwoLabs.localInMaintenance(hosts);
        int capacity = (int) Math.floor(health(b).cpus() * b.cpuOvercommit());
        assertThat(capacity).as("lab B's vCPUs under overcommit").isGreaterThan(6);
        var created = new ArrayList<UUID>();
        try {
            // lab B keeps room for three 1-vCPU machines only
            SystemActor.run(() -> hosts.setMaintenance(a.id(), true, AuditSource.API));
            var filler = create("filler", capacity - 3, false);
            created.add(filler.id());
            assertThat(filler.hostId()).isEqualTo(b.id());
            SystemActor.run(() -> hosts.setMaintenance(a.id(), false, AuditSource.API));
            SystemActor.run(() -> hosts.setMaintenance(b.id(), true, AuditSource.API));
            var small = new ArrayList<Machine>();
            for (var name : List.of("run-1", "run-2", "cold-3")) {
                var m = create(name, 1, !name.startsWith("cold"));
                created.add(m.id());
                small.add(m);
                assertThat(m.hostId()).isEqualTo(a.id());
            }
            var big = create("big", capacity - 3, false);
            created.add(big.id());
            assertThat(big.hostId()).isEqualTo(a.id());
            for (var m : small.subList(0, 2)) {
                long deadline = System.currentTimeMillis() + 90_000;
                while (!labA.serialLog(m.domainName()).contains("VIREO-DEMO-BOOTED")
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
            }
            SystemActor.run(() -> hosts.setMaintenance(b.id(), false, AuditSource.API));

            long started = System.nanoTime();
            SystemActor.call(() -> hosts.setMaintenance(a.id(), true, true, AuditSource.API));
            DrainStatus drain = health(a).drain();
            int mostAtOnce = 0;
            long deadline = System.currentTimeMillis() + 300_000;
            while (drain.state() == DrainStatus.State.RUNNING && System.currentTimeMillis() < deadline) {
                mostAtOnce = Math.max(mostAtOnce, drain.moving());
                Thread.sleep(300);
                drain = health(a).drain();
            }
            System.out.printf(
                    "drain of 4 machines (3 moved) between two labs: %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(drain.state()).isEqualTo(DrainStatus.State.DONE);
            assertThat(drain.total()).isEqualTo(4);
            assertThat(drain.moved()).isEqualTo(3);
            assertThat(drain.remaining()).isZero();
            assertThat(mostAtOnce).isLessThanOrEqualTo(2);
            assertThat(drain.stuck()).singleElement().satisfies(s -> {
                assertThat(s.machineId()).isEqualTo(big.id());
                assertThat(s.reason()).isEqualTo("no-room");
                assertThat(s.detail()).contains("drb (vCPUs full)");
            });

            for (var m : small) {
                var now = Actors.as(user, () -> machines.get(m.id()));
                assertThat(now.hostId()).as(m.name()).isEqualTo(b.id());
                assertThat(now.stateDetail()).as(m.name()).isNull();
                assertThat(now.state())
                        .as(m.name())
                        .isEqualTo(m.name().startsWith("cold") ? MachineState.STOPPED : MachineState.RUNNING);
                assertThat(labB.virsh("domstate", m.domainName()))
                        .contains(m.name().startsWith("cold") ? "shut off" : "running");
                assertThat(labA.volumes()).noneMatch(v -> v.startsWith(m.domainName()));
            }
            assertThat(Actors.as(user, () -> machines.get(big.id())).hostId()).isEqualTo(a.id());
            assertThat(labA.virsh("list", "--all", "--name").strip()).isEqualTo(big.domainName());
        } finally {
            for (var id : created) {
                demo.delete(id);
            }
        }
        assertThat(labA.virsh("list", "--all", "--name")).doesNotContain("vireo-");
        assertThat(labB.virsh("list", "--all", "--name")).doesNotContain("vireo-");
    }

    private Machine create(String name, int vcpus, boolean start) {
        return Actors.as(
                demo.user(),
                () -> machines.create(
                        new CreateMachine(name, demo.template(), vcpus, 128, 1, start, false), AuditSource.API));
    }

    private HostHealth health(Host h) {
        return SystemActor.call(() -> hosts.health().stream()
                .filter(x -> x.host().id().equals(h.id()))
                .findFirst()
                .orElseThrow());
    }
}
