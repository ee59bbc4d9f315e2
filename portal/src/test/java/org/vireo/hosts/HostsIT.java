package org.vireo.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.LabHost;

/**
 * Registering hosts against real libvirt daemons: this machine's and a lab host (scripts/lab-host), reached over
 * SSH with its host key checked.
 */
@IntegrationTest
class HostsIT {
    static LabHost lab;
    static String secondUri;

    @Autowired
    HostService hosts;

    @Autowired
    DemoTenant demo;

    @BeforeAll
    static void labHost() throws Exception {
        lab = LabHost.start("hosts");
        secondUri = lab.uri();
    }

    @AfterAll
    static void stopLab() throws Exception {
        lab.stop();
    }

    @Test
    void hostsAreRegisteredOnlyWhenTheirLibvirtAnswers() throws Exception {
        var local = SystemActor.call(() -> hosts.list()).stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow();
        assertThat(local.uri()).isEqualTo("qemu:///system");

        var second = SystemActor.call(() -> hosts.register("second", secondUri, "tcg", AuditSource.API));
        assertThat(second.accelerator()).isEqualTo("TCG");
        assertThat(second.cpuOvercommit()).isEqualTo(4.0);
        var health = SystemActor.call(() -> hosts.health());
        assertThat(health).extracting(h -> h.host().name()).contains("local", "second");
        assertThat(health).allMatch(HostHealth::reachable);
        var h2 = health.stream()
                .filter(h -> h.host().name().equals("second"))
                .findFirst()
                .orElseThrow();
        assertThat(h2.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(h2.domains()).isZero();
        // Another installation's domain on the same libvirt (Vireo's metadata, no machine here) is not counted.
        String foreignName = "vireo-foreign-" + UUID.randomUUID().toString().substring(0, 8);
        var foreign = Files.createTempFile("vireo-foreign", ".xml");
        Files.writeString(
                foreign,
                "<domain type='qemu'><name>" + foreignName + "</name>"
                        + "<metadata><vireo:machine xmlns:vireo='https://vireo.org/xmlns/machine/1' id='"
                        + UUID.randomUUID() + "'/></metadata><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                        + "<os><type arch='x86_64'>hvm</type></os></domain>");
        lab.virsh("define", foreign.toString());
        try {
            assertThat(lab.virsh("list", "--all", "--name")).contains(foreignName);
            var counted = SystemActor.call(() -> hosts.health()).stream()
                    .filter(h -> h.host().name().equals("second"))
                    .findFirst()
                    .orElseThrow();
            assertThat(counted.domains()).as("another installation's domain").isZero();
        } finally {
            lab.virsh("undefine", foreignName);
            Files.deleteIfExists(foreign);
        }

        // Refused: a socket nobody listens on (libvirt does not answer), a host whose SSH key is not the one the
        // known_hosts file names, a password in the URI, duplicates.
        int before = SystemActor.call(() -> hosts.list()).size();
        var otherKey = Files.createTempFile("vireo-known-hosts", "");
        Files.writeString(
                otherKey,
                lab.address() + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q\n");
        String impostor = secondUri.replaceAll("known_hosts=[^&]*", "known_hosts=" + otherKey);
        try {
            assertThatThrownBy(
                            () -> SystemActor.call(() -> hosts.register("impostor", impostor, "tcg", AuditSource.API)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("hosts.unreachable");
        } finally {
            Files.delete(otherKey);
        }
        assertThatThrownBy(() -> SystemActor.call(() -> hosts.register(
                        "ghost",
                        "qemu+unix:///system?socket=/var/lib/vireo-none/libvirt-sock",
                        "tcg",
                        AuditSource.API)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hosts.unreachable");
        assertThatThrownBy(() -> SystemActor.call(
                        () -> hosts.register("pw", "qemu+ssh://root:pw@kvm2/system", "kvm", AuditSource.API)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SystemActor.call(
                        () -> hosts.register("second", "qemu+ssh://kvm9/system", "kvm", AuditSource.API)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hosts.name-taken");
        assertThatThrownBy(() -> SystemActor.call(() -> hosts.register("again", secondUri, "kvm", AuditSource.API)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hosts.uri-taken");
        assertThat(SystemActor.call(() -> hosts.list())).hasSize(before);

        assertThat(SystemActor.call(() -> hosts.setMaintenance(second.id(), true, AuditSource.API))
                        .maintenance())
                .isTrue();
        assertThat(SystemActor.call(() -> hosts.list()))
                .filteredOn(h -> h.name().equals("second"))
                .allMatch(Host::maintenance);

        // Tenants have no business here.
        assertThatThrownBy(() -> Actors.as(demo.user(), () -> hosts.list())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Actors.as(
                        demo.user(), () -> hosts.register("mine", "qemu+tcp://x/system", "kvm", AuditSource.API)))
                .isInstanceOf(AccessDeniedException.class);
    }
}
