package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;
import org.vireo.hosts.HostService;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.ConsoleClient;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.LabHost;
import org.vireo.support.TwoLabs;

/**
 * Two lab hosts that share no storage and reach each other over the labs' fabric only. A move to a target whose
 * migration address does not answer fails and leaves the machine running on lab A with nothing on lab B. Then a
 * running demo guest moves from lab A to lab B live with its disk: what it holds in memory is still there (a file in
 * its RAM-backed root), its console opens through lab B's proxy, and nothing of it is left on lab A. The row changes
 * host only after libvirt's success. A move cancelled while under way leaves it where it was, nothing on lab B; so
 * does one whose target's libvirtd dies half-way (what it left there goes once that libvirtd is back). Stopped, it
 * moves back cold and boots there.
 */
@IntegrationTest
class MigrationIT {
    static TwoLabs labs;
    static LabHost labA;
    static LabHost labB;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    MachineMigrations migrations;

    @Autowired
    HostService hosts;

    @Autowired
    ConsoleService consoles;

    @DynamicPropertySource
    static void labs(DynamicPropertyRegistry registry) throws Exception {
        labs = TwoLabs.start("miga", "migb", registry);
        labA = labs.a;
        labB = labs.b;
    }

    @AfterAll
    static void stopLabs() throws Exception {
        TwoLabs.stop(labs);
    }

    @Test
    void aRunningMachineMovesLiveToAnotherHostWithItsDiskAndLeavesNothingBehind() throws Exception {
        var registered = labs.register(hosts);
        var a = registered.get(0);
        var b = registered.get(1);
        TwoLabs.localInMaintenance(hosts);
        SystemActor.run(() -> hosts.setMaintenance(b.id(), true, AuditSource.API));
        var user = demo.user();
        Machine machine = null;
        try {
            machine = Actors.as(
                    user,
                    () -> machines.create(
                            new CreateMachine("mover", demo.template(), 1, 128, 1, true, false), AuditSource.API));
            assertThat(machine.hostId()).isEqualTo(a.id());
            String domain = machine.domainName();
            long deadline = System.currentTimeMillis() + 90_000;
            while (!labA.serialLog(domain).contains("VIREO-DEMO-BOOTED") && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            var id = machine.id();
            // something only its memory holds: the demo guest's root is its initramfs, in RAM
            assertThat(serial(user, id, "echo M-$((6*7)) > /tmp/mark && echo MARKED", "MARKED"))
                    .isTrue();

            // refused: the same host, a host in maintenance (the reasons are 409s; nothing changes)
            assertThatThrownBy(() -> SystemActor.call(() -> migrations.migrate(id, a.id(), AuditSource.API)))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> SystemActor.call(() -> migrations.migrate(id, b.id(), AuditSource.API)))
                    .isInstanceOf(ConflictException.class);
            SystemActor.run(() -> hosts.setMaintenance(b.id(), false, AuditSource.API));

            // a target whose migration address nobody answers: the move fails, the machine runs on where it was
            // (its memory intact) and nothing of it is left on lab B
            SystemActor.run(() -> hosts.setMigrationAddress(b.id(), "198.19.0.254", AuditSource.API));
            SystemActor.call(() -> migrations.migrate(id, b.id(), AuditSource.API));
            assertThat(Actors.as(user, () -> machines.get(id)).stateDetail()).startsWith("moving");
            deadline = System.currentTimeMillis() + 120_000;
            while (Actors.as(user, () -> machines.get(id)).stateDetail() != null
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            var stayed = Actors.as(user, () -> machines.get(id));
            assertThat(stayed.hostId()).isEqualTo(a.id());
            assertThat(stayed.state()).isEqualTo(MachineState.RUNNING);
            assertThat(stayed.stateDetail()).isNull();
            assertThat(labA.virsh("domstate", domain)).contains("running");
            assertThat(labB.virsh("list", "--all", "--name")).doesNotContain(domain);
            assertThat(labB.volumes()).noneMatch(v -> v.startsWith(domain));
            assertThat(serial(user, id, "echo STILL-$(cat /tmp/mark)", "STILL-M-42"))
                    .isTrue();
            String fabricB = labB.migrationAddress();
            SystemActor.run(() -> hosts.setMigrationAddress(b.id(), fabricB, AuditSource.API));

            // cancelled while under way (slowed to 1 MiB/s so that it is): it runs on where it was, memory intact,
            // nothing on lab B
            labA.virsh("migrate-setspeed", domain, "1");
            SystemActor.call(() -> migrations.migrate(id, b.id(), AuditSource.API));
            deadline = System.currentTimeMillis() + 60_000;
            while (!labB.virsh("list", "--all", "--name").contains(domain) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(labB.virsh("list", "--all", "--name"))
                    .as("the copy under way")
                    .contains(domain);
            // its progress: percent, phase, what is copied and left
            var progress =
                    Pattern.compile("moving: \\d+ % \\((disk|memory), \\d+ of \\d+ MiB copied, " + "\\d+ MiB left\\)");
            deadline = System.currentTimeMillis() + 20_000;
            String detail = "";
            while (!progress.matcher(detail).matches() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                detail = String.valueOf(Actors.as(user, () -> machines.get(id)).stateDetail());
            }
            assertThat(detail).matches(progress);
            SystemActor.run(() -> migrations.cancel(id, AuditSource.API));
            deadline = System.currentTimeMillis() + 60_000;
            while (Actors.as(user, () -> machines.get(id)).stateDetail() != null
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            var kept = Actors.as(user, () -> machines.get(id));
            assertThat(kept.hostId()).isEqualTo(a.id());
            assertThat(kept.state()).isEqualTo(MachineState.RUNNING);
            assertThat(labA.virsh("domstate", domain)).contains("running");
            assertThat(labB.virsh("list", "--all", "--name")).doesNotContain(domain);
            assertThat(labB.volumes()).noneMatch(v -> v.startsWith(domain));
            assertThat(serial(user, id, "echo KEPT-$(cat /tmp/mark)", "KEPT-M-42"))
                    .isTrue();

            // fails half-way: lab B's libvirtd dies while the copy runs (slowed again); lab A's QEMU still sends it all
            // to lab B's, but nobody there takes it over: the machine runs on where it was, and once lab B's libvirtd
            // is back, nothing of it is left there
            SystemActor.call(() -> migrations.migrate(id, b.id(), AuditSource.API));
            deadline = System.currentTimeMillis() + 60_000;
            while (!labB.virsh("list", "--all", "--name").contains(domain) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            labB.killLibvirtd();
            labA.virsh("migrate-setspeed", domain, "8796093022207"); // unlimited again
            deadline = System.currentTimeMillis() + 120_000;
            while (Actors.as(user, () -> machines.get(id)).stateDetail() != null
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            var survived = Actors.as(user, () -> machines.get(id));
            assertThat(survived.hostId()).isEqualTo(a.id());
            assertThat(survived.state()).isEqualTo(MachineState.RUNNING);
            assertThat(labA.virsh("domstate", domain)).contains("running");
            labB.startLibvirtd();
            deadline = System.currentTimeMillis() + 90_000;
            while ((labB.virsh("list", "--all", "--name").contains(domain)
                            || labB.volumes().stream().anyMatch(v -> v.startsWith(domain)))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(labB.virsh("list", "--all", "--name")).doesNotContain(domain);
            assertThat(labB.volumes()).noneMatch(v -> v.startsWith(domain));
            assertThat(serial(user, id, "echo ALIVE-$(cat /tmp/mark)", "ALIVE-M-42"))
                    .isTrue();

            long started = System.nanoTime();
            SystemActor.call(() -> migrations.migrate(id, b.id(), AuditSource.API));
            deadline = System.currentTimeMillis() + 180_000;
            while (!done(user, id, b.id()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            var moved = Actors.as(user, () -> machines.get(id));
            assertThat(moved.hostId()).isEqualTo(b.id());
            assertThat(moved.state()).isEqualTo(MachineState.RUNNING);
            assertThat(labB.virsh("domstate", domain)).contains("running");
            assertThat(labA.virsh("domstate", domain)).contains("failed"); // no such domain
            assertThat(labA.volumes()).noneMatch(v -> v.startsWith(domain));
            assertThat(labB.volumes()).anyMatch(v -> v.equals(domain + ".qcow2"));
            // the same guest, not a new boot: its memory came along; its console opens through lab B's proxy
            assertThat(serial(user, id, "echo GOT-$(cat /tmp/mark)", "GOT-M-42"))
                    .isTrue();
            System.out.printf("live migration of a running demo guest (1 GiB disk) between two labs: %d ms%n", took);

            // stopped, it moves back cold (its volumes streamed, then its definition) and boots on lab A
            Actors.as(user, () -> machines.powerOff(id, AuditSource.API));
            SystemActor.call(() -> migrations.migrate(id, a.id(), AuditSource.API));
            deadline = System.currentTimeMillis() + 180_000;
            while (!done(user, id, a.id()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            var back = Actors.as(user, () -> machines.get(id));
            assertThat(back.hostId()).isEqualTo(a.id());
            assertThat(back.state()).isEqualTo(MachineState.STOPPED);
            assertThat(back.stateDetail()).isNull();
            assertThat(labA.virsh("domstate", domain)).contains("shut off");
            assertThat(labB.virsh("list", "--all", "--name")).doesNotContain(domain);
            assertThat(labB.volumes()).noneMatch(v -> v.startsWith(domain));
            Actors.as(user, () -> machines.start(id, AuditSource.API));
            assertThat(serial(user, id, "echo BACK-$((2*21))", "BACK-42")).isTrue();
        } finally {
            if (machine != null) {
                demo.delete(machine.id());
            }
        }
        assertThat(labA.virsh("list", "--all", "--name")).doesNotContain("vireo-");
        assertThat(labB.virsh("list", "--all", "--name")).doesNotContain("vireo-");
    }

    /** The move is over: the machine is on {@code hostId} and the host it left is cleaned (no state detail). */
    private boolean done(CurrentUser user, UUID id, UUID hostId) {
        var m = Actors.as(user, () -> machines.get(id));
        return m.hostId().equals(hostId) && m.stateDetail() == null;
    }

    /** Types a line into the guest's serial console and waits for {@code expected}. */
    private boolean serial(CurrentUser user, UUID id, String line, String expected) throws Exception {
        var ticket = Actors.as(user, () -> consoles.issue(id, ConsoleType.SERIAL, AuditSource.API));
        var client = new ConsoleClient();
        var ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", "http://localhost:8080")
                .buildAsync(URI.create(ticket.url()), client)
                .get(10, TimeUnit.SECONDS);
        try {
            return client.typeUntil(ws, line, expected, 60);
        } finally {
            ws.abort();
        }
    }
}
