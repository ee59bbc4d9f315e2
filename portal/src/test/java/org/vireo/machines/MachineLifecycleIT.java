package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.test.context.TestPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.NotFoundException;
import org.vireo.base.OperationFailedException;
import org.vireo.quotas.QuotaService;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Poll;
import org.vireo.support.Virsh;
import org.vireo.templates.TemplateService;

/** The machine lifecycle on the host's real libvirt (qemu:///system) with the demo template. */
@IntegrationTest
@TestPropertySource(properties = "vireo.machines.shutdown-timeout=PT30S")
class MachineLifecycleIT {
    @Autowired
    MachineService machines;

    @Autowired
    TemplateService templates;

    @Autowired
    AccountService accounts;

    @Autowired
    QuotaService quotas;

    CurrentUser demo() {
        return ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
    }

    UUID demoTemplate() {
        return SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                .findFirst()
                .orElseThrow()
                .id());
    }

    @Test
    void createReachesRunningBootsShutsDownAndDeletesWithoutLeftovers() throws Exception {
        var user = demo();
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        long t0 = System.nanoTime();
        var m = Actors.as(
                user, () -> machines.create(new CreateMachine(name, demoTemplate(), 1, 256, 1, true), AuditSource.API));
        assertThat(m.state()).isEqualTo(MachineState.RUNNING);
        System.out.printf(
                "create -> RUNNING in %d ms%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertThat(Virsh.run("list", "--name")).contains(m.domainName());
        assertThat(Virsh.run("vol-list", "vireo")).contains(m.domainName() + ".qcow2");
        assertThat(Virsh.run("dumpxml", m.domainName()))
                .contains("vireo:machine")
                .contains(m.id().toString())
                .containsPattern("<listen type='socket' socket='/var/lib/libvirt/qemu/domain-[0-9]+-[^']*/vnc.sock'/>")
                .doesNotContain("listen='127.0.0.1'")
                .contains("vireo-net-" + user.tenantId());

        Path serial = Actors.as(user, () -> machines.serialLog(m.id()));
        Poll.until(
                "the guest booted", Duration.ofSeconds(90), () -> read(serial).contains("VIREO-DEMO-BOOTED"));

        assertThatThrownBy(() -> Actors.as(user, () -> machines.start(m.id(), AuditSource.API)))
                .isInstanceOf(ConflictException.class);

        var stopping = Actors.as(user, () -> machines.shutdown(m.id(), AuditSource.API));
        assertThat(stopping.state()).isEqualTo(MachineState.STOPPING);
        assertThat(stopping.shutdownDeadline()).isNotNull();
        // The guest powers off on the ACPI button; the libvirt event moves the machine to STOPPED.
        Poll.until(
                "STOPPED after the ACPI button",
                Duration.ofSeconds(25),
                () -> Actors.as(user, () -> machines.get(m.id())).state() == MachineState.STOPPED);

        Actors.as(user, () -> machines.delete(m.id(), AuditSource.API));
        assertThatThrownBy(() -> Actors.as(user, () -> machines.get(m.id()))).isInstanceOf(NotFoundException.class);
        assertThat(Virsh.run("list", "--all", "--name")).doesNotContain(m.domainName());
        assertThat(Virsh.run("vol-list", "vireo")).doesNotContain(m.domainName());
        assertThat(serial).doesNotExist();
        assertThat(Actors.as(user, () -> quotas.view(user.tenantId())).used().machines())
                .isZero();
    }

    @Test
    void createThatFailsOnTheHypervisorLeavesNothingBehind() throws Exception {
        var user = demo();
        // A template whose "kernel" is not a kernel: QEMU refuses to start the domain.
        Path bogus = Files.createTempFile("vireo-not-a-kernel", ".bin");
        Files.writeString(bogus, "not a kernel");
        var template = SystemActor.call(() -> templates.registerKernelBoot(
                "broken-" + UUID.randomUUID(), bogus, null, "console=ttyS0", 1, 128, 1, AuditSource.SYSTEM));
        var before = Virsh.domainNames();
        String name = "it-broken-" + UUID.randomUUID().toString().substring(0, 6);

        assertThatThrownBy(() -> Actors.as(
                        user,
                        () -> machines.create(
                                new CreateMachine(name, template.id(), 1, 128, 1, true), AuditSource.API)))
                .isInstanceOf(OperationFailedException.class);

        assertThat(Actors.as(user, () -> machines.list(Pageable.unpaged(), MachineQuery.ALL)).stream()
                        .map(Machine::name))
                .doesNotContain(name);
        assertThat(Virsh.domainNames()).isEqualTo(before);
        var view = Actors.as(user, () -> quotas.view(user.tenantId()));
        assertThat(view.reserved().machines()).isZero();
        List<String> leftovers = new ArrayList<>();
        for (String line : Virsh.run("vol-list", "vireo").split("\n")) {
            if (line.contains("vireo-") && !before.contains(line.trim().split("[\\s.]+")[0])) {
                leftovers.add(line);
            }
        }
        assertThat(leftovers).isEmpty();
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
