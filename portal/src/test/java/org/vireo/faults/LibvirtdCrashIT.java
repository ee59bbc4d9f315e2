package org.vireo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vireo.audit.AuditSource;
import org.vireo.base.OperationFailedException;
import org.vireo.base.UnavailableException;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.quotas.Resources;
import org.vireo.security.SystemActor;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Libvirtd;
import org.vireo.support.Poll;
import org.vireo.support.Virsh;

/**
 * libvirtd is SIGKILLed and restarted while a machine runs, while a create is refused and while a create is in
 * flight. Vireo must reconnect by itself, converge every state, resume the event stream, and leave no domain,
 * disk or reservation of a create that did not complete.
 */
@IntegrationTest
class LibvirtdCrashIT {
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    List<Machine> list() {
        return demo.machines();
    }

    Resources reserved() {
        return demo.quota().reserved();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (!Libvirtd.running()) {
            Libvirtd.start();
        }
        Poll.untilSettled("libvirt reachable again", CONVERGE, () -> {
            try {
                return Virsh.run("version").contains("libvirt");
            } catch (Exception e) {
                return false;
            }
        });
        for (var m : list()) {
            if (!m.state().isTransient()) {
                demo.delete(m.id());
            }
        }
    }

    @Test
    void survivesLibvirtdKilledWhileRunningRefusingAndCreating() throws Exception {
        var running = demo.create(unique("crash-a"), true);
        assertThat(running.state()).isEqualTo(MachineState.RUNNING);

        // libvirtd dies; meanwhile the guest's QEMU dies too (an OOM kill): nobody is there to send the event.
        var domainsBefore = Virsh.domainNames();
        Libvirtd.kill();
        Libvirtd.killGuest(running.domainName());

        // A create while libvirtd is away is refused by the placement (no host answers), before anything is
        // reserved or made.
        String refusedName = unique("crash-b");
        assertThatThrownBy(() -> demo.create(refusedName, true))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(((UnavailableException) e).type()).isEqualTo("no-host-available"));
        assertThat(list()).noneMatch(m -> m.name().equals(refusedName));
        assertThat(reserved()).isEqualTo(Resources.ZERO);

        Libvirtd.start();
        // Reconnected by itself: the missed stop is reconciled.
        Poll.untilSettled("running machine seen stopped", CONVERGE, () -> state(running.id()) == MachineState.STOPPED);
        assertThat(Virsh.domainNames()).isEqualTo(domainsBefore);
        assertThat(reserved()).isEqualTo(Resources.ZERO);
        assertThat(demo.quota().used().machines()).isEqualTo(1);

        // libvirtd dies while a create is in flight (its row, the reservation, exists already).
        String inFlightName = unique("crash-c");
        var inFlight = CompletableFuture.supplyAsync(() -> demo.create(inFlightName, true));
        Poll.untilSettled(
                "create in flight",
                CONVERGE,
                () -> list().stream().anyMatch(m -> m.name().equals(inFlightName)));
        Libvirtd.kill();
        UUID inFlightId = idOf(inFlightName);
        Machine completed = null;
        try {
            completed = inFlight.get();
        } catch (Exception e) {
            assertThat(e).hasCauseInstanceOf(OperationFailedException.class);
        }
        Libvirtd.start();
        if (completed != null) {
            // It finished before libvirtd died: it must be a real, running machine.
            var id = completed.id();
            Poll.untilSettled("completed create running", CONVERGE, () -> state(id) == MachineState.RUNNING);
            assertThat(Virsh.run("list", "--name")).contains(completed.domainName());
        } else {
            Poll.untilSettled(
                    "failed in-flight create rolled back",
                    CONVERGE,
                    () -> list().stream().noneMatch(m -> m.name().equals(inFlightName)));
            assertNothingOnHost(inFlightId);
        }
        Poll.untilSettled("no reservation left", CONVERGE, () -> reserved().equals(Resources.ZERO));
        System.out.printf(
                "in-flight create across a libvirtd kill: %s%n", completed != null ? "completed" : "rolled back");

        // The event stream resumed: a stop done outside Vireo arrives as an event, long before the next reconcile.
        SystemActor.callAs(demo.user(), () -> machines.start(running.id(), AuditSource.API));
        Poll.untilSettled("restarted", CONVERGE, () -> state(running.id()) == MachineState.RUNNING);
        long t0 = System.nanoTime();
        Virsh.run("destroy", running.domainName());
        Poll.untilSettled(
                "stop outside Vireo seen", Duration.ofSeconds(5), () -> state(running.id()) == MachineState.STOPPED);
        System.out.printf("event after libvirtd restart applied in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    MachineState state(UUID id) {
        return demo.get(id).state();
    }

    UUID idOf(String name) {
        return list().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow()
                .id();
    }

    /** No domain, disk or seed of the machine left in libvirt. */
    static void assertNothingOnHost(UUID machineId) throws Exception {
        assertThat(Virsh.run("list", "--all", "--name")).doesNotContain(machineId.toString());
        assertThat(Virsh.run("vol-list", "vireo")).doesNotContain(machineId.toString());
    }
}
