package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vireo.audit.AuditLog;
import org.vireo.base.Cidr;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.FirewallSpec;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.hypervisor.SpecValues;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.support.FakeHypervisor;

/**
 * The clean-up half of a failed create ({@link HostFootprint#remove}): whichever step on the host failed, what was
 * made before it goes (domain, disk, seed, filter, the tenant's network), and a clean-up step the host refuses
 * keeps the row (false) while the other steps still run.
 */
class CreateCleanUpTest {
    private final FakeHypervisor fake = new FakeHypervisor();
    private final HostConnections hosts = mock(HostConnections.class);
    private final MachineRepository machines = mock(MachineRepository.class);
    private final UUID hostId = UUID.randomUUID();
    private final MachineEntity machine =
            new MachineEntity(UUID.randomUUID(), "web", UUID.randomUUID(), 1, 256, 10, hostId);
    private final String domain = machine.getDomainName();
    private final String network = TenantNetworks.networkName(machine.getTenantId());
    private HostFootprint footprint;

    @BeforeEach
    void wire(@TempDir Path logDir) {
        machine.setPrivateNic(SpecValues.macFor("10.9.0.2"), "10.9.0.2");
        when(hosts.of(hostId)).thenReturn(fake);
        when(machines.findByDomainName(domain)).thenReturn(Optional.of(machine));
        var audit = mock(AuditLog.class);
        var nics = new PrivateNics(
                machines, null, new TenantNetworks(hosts, null, audit), null, null, null, null, audit, null);
        var settings = new MachineSettings(
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1), logDir.resolve("serial"));
        footprint = new HostFootprint(hosts, machines, nics, settings);
    }

    /** A create's work on the host, in its order, until a step fails. */
    private void build() {
        fake.ensureNetwork(new NetworkSpec(network, "vrb1", NetworkMode.NAT, Cidr.parse("10.9.0.0/24")));
        fake.reserveAddress(network, machine.getMac(), machine.getPrivateIpv4(), "web");
        fake.defineFirewall(new FirewallSpec(MachineFirewalls.filterName(machine.getId()), List.of()));
        Path disk = fake.createDisk(MachineNames.volumeName(domain), Path.of("/pool/base.qcow2"), null, 10);
        Path seed = fake.createSeed(MachineNames.seedName(domain), "meta", "user", null);
        fake.define(new DomainSpec(
                domain,
                machine.getId(),
                machine.getTenantId(),
                1,
                256,
                fake.accelerator(),
                null,
                List.of(disk),
                null,
                List.of(new DomainSpec.Nic(network, machine.getMac(), machine.getPrivateIpv4())),
                seed));
        fake.start(domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reserveAddress", "defineFirewall", "createDisk", "createSeed", "define", "start"})
    void whicheverStepFailsTheHostIsLeftClean(String failing) {
        fake.failNext(failing, FakeHypervisor.failure(failing + " failed"));
        assertThatThrownBy(this::build).hasMessage(failing + " failed");

        assertThat(footprint.remove(hostId, domain)).isTrue();
        assertThat(fake.domainNames()).isEmpty();
        assertThat(fake.volumes(domain + ".")).isEmpty();
        assertThat(fake.firewall(MachineFirewalls.filterName(machine.getId()))).isEmpty();
        assertThat(fake.network(network))
                .as("the tenant's only machine on the host")
                .isEmpty();
    }

    @Test
    void aRunningMachineIsPoweredOffBeforeItsDefinitionGoes() {
        build();
        assertThat(footprint.remove(hostId, domain)).isTrue();
        assertThat(fake.operations()).containsSubsequence("destroy", "undefine", "volumes", "deleteDisk");
        assertThat(fake.domainNames()).isEmpty();
    }

    @Test
    void aRefusedCleanUpStepIsReportedAndTheOthersStillRun() {
        build();
        fake.failNext("undefine", FakeHypervisor.failure("cannot undefine"));
        assertThat(footprint.remove(hostId, domain)).isFalse();
        assertThat(fake.domainNames()).as("left for the next clean-up").containsExactly(domain);
        assertThat(fake.volumes(domain + ".")).isEmpty();
        assertThat(fake.firewall(MachineFirewalls.filterName(machine.getId()))).isEmpty();

        assertThat(footprint.remove(hostId, domain))
                .as("the next try finishes it")
                .isTrue();
        assertThat(fake.domainNames()).isEmpty();
        assertThat(fake.network(network)).isEmpty();
    }
}
