package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.NetworkDns;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.hypervisor.PoolInfo;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.machines.internal.MachineTotals;
import org.vireo.quotas.Resources;

/**
 * Placement's rules for moves, without Spring or libvirt: the machine's own host and hosts that cannot receive
 * moves are out, the target must fit under its overcommit counting what moves under way will add, and a refusal
 * names every host and why.
 */
class PlacementTest {
    private final HostConnections hosts = mock(HostConnections.class);
    private final MachineRepository machines = mock(MachineRepository.class);
    private final Placement placement = new Placement(hosts, machines);
    private final List<Host> registered = new ArrayList<>();
    private final List<MachineTotals> totals = new ArrayList<>();
    private final UUID tenant = UUID.randomUUID();

    @BeforeEach
    void wire() {
        when(hosts.hosts()).thenReturn(registered);
        when(machines.totalsByHost()).thenReturn(totals);
        when(machines.countByHostForTenant(tenant)).thenReturn(List.of());
    }

    /** A host with 2 CPUs and 4 GiB under 4 vCPUs per CPU and 1.0 memory: room for 8 vCPUs. */
    private Host host(String name, String migrationAddress) {
        var h = new Host(
                UUID.randomUUID(),
                name,
                "qemu+libssh2://root@" + name + "/system",
                "tcg",
                4.0,
                1.0,
                false,
                Instant.now(),
                null,
                NetworkMode.NONE,
                NetworkDns.parse("none"),
                migrationAddress,
                null);
        var hv = mock(Hypervisor.class);
        when(hv.hostInfo())
                .thenReturn(new HostInfo("uri", "QEMU", "7", "9", name, "cpu", 2, 4096, Accelerator.TCG, "probe"));
        when(hv.poolInfo()).thenReturn(new PoolInfo("vireo", 100L << 30, 1L << 30, 99L << 30));
        when(hosts.of(h)).thenReturn(hv);
        registered.add(h);
        return h;
    }

    private void placed(Host h, int vcpus, int memoryMiB) {
        totals.add(new MachineTotals() {
            public UUID getTenantId() {
                return tenant;
            }

            public UUID getHostId() {
                return h.id();
            }

            public MachineState getState() {
                return MachineState.RUNNING;
            }

            public int getMachines() {
                return 1;
            }

            public int getVcpus() {
                return vcpus;
            }

            public int getMemoryMib() {
                return memoryMiB;
            }

            public int getDiskGib() {
                return 1;
            }
        });
    }

    private Machine machine(Host on, int vcpus) {
        return new Machine(
                UUID.randomUUID(),
                tenant,
                "m",
                UUID.randomUUID(),
                vcpus,
                256,
                1,
                MachineState.RUNNING,
                null,
                null,
                "vireo-x",
                Instant.now(),
                on.id(),
                false,
                false,
                null,
                null,
                null);
    }

    @Test
    void aMoveGoesToAHostThatFitsNeverItsOwnOrOneThatCannotReceive() {
        var a = host("a", "198.19.0.1");
        var noAddress = host("b", null);
        var c = host("c", "198.19.0.3");
        var m = machine(a, 2);
        var choice = placement.chooseTarget(m, Map.of(), h -> h.migrationAddress() == null ? "cannot receive" : null);
        assertThat(choice.hostId()).isEqualTo(c.id());
        assertThat(choice.explanation()).contains("a (its own host)", "b (cannot receive)");
        assertThat(noAddress.id()).isNotEqualTo(choice.hostId());
    }

    @Test
    void whatMovesUnderWayWillAddCountsOnTheTarget() {
        var a = host("a", "198.19.0.1");
        var b = host("b", "198.19.0.2");
        placed(b, 5, 512);
        var m = machine(a, 2);
        // 5 placed + 2 = 7 of 8: fits
        assertThat(placement.chooseTarget(m, Map.of(), h -> null).hostId()).isEqualTo(b.id());
        // with 2 more on their way there it does not: 5 + 2 + 2 > 8
        var pending = Map.of(b.id(), new Resources(2, 256, 1, 1));
        assertThatThrownBy(() -> placement.chooseTarget(m, pending, h -> null))
                .isInstanceOf(Placement.NoRoomException.class)
                .satisfies(e -> assertThat(((Placement.NoRoomException) e).explanation)
                        .contains("b (vCPUs full)", "a (its own host)"));
    }

    @Test
    void aHostInMaintenanceTakesNoMovedMachine() {
        var a = host("a", "198.19.0.1");
        var b = new Host(
                UUID.randomUUID(),
                "b",
                "qemu+libssh2://root@b/system",
                "tcg",
                4.0,
                1.0,
                true,
                Instant.now(),
                null,
                NetworkMode.NONE,
                NetworkDns.parse("none"),
                "198.19.0.2",
                null);
        registered.add(b);
        assertThatThrownBy(() -> placement.chooseTarget(machine(a, 1), Map.of(), h -> null))
                .isInstanceOf(Placement.NoRoomException.class)
                .satisfies(e ->
                        assertThat(((Placement.NoRoomException) e).explanation).contains("b (maintenance)"));
    }
}
