package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.NetworkDns;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.machines.internal.MachineTotals;
import org.vireo.quotas.Resources;
import org.vireo.support.FakeHypervisor;

/**
 * Placement of a new machine on hosts backed by {@link FakeHypervisor}s: most memory left wins, spread prefers
 * the host with the fewest of the tenant's machines, a full pool or an unreachable host is out, and the refusal
 * tells storage full and no host answering apart from no capacity.
 */
class PlacementChoiceTest {
    private final HostConnections hosts = mock(HostConnections.class);
    private final MachineRepository machines = mock(MachineRepository.class);
    private final Placement placement = new Placement(hosts, machines);
    private final List<Host> registered = new ArrayList<>();
    private final List<MachineTotals> totals = new ArrayList<>();
    private final List<MachineTotals> tenantCounts = new ArrayList<>();
    private final UUID tenant = UUID.randomUUID();
    private final Resources small = new Resources(1, 512, 10, 1);

    private record Totals(UUID getHostId, int getMachines, int getVcpus, int getMemoryMib) implements MachineTotals {
        public UUID getTenantId() {
            return null;
        }

        public MachineState getState() {
            return null;
        }

        public int getDiskGib() {
            return 0;
        }
    }

    @BeforeEach
    void wire() {
        when(hosts.hosts()).thenReturn(registered);
        when(machines.totalsByHost()).thenReturn(totals);
        when(machines.countByHostForTenant(tenant)).thenReturn(tenantCounts);
    }

    /** A host of 2 CPUs (4 vCPUs each) and {@code memoryMiB} without overcommit. */
    private FakeHypervisor host(String name, long memoryMiB, boolean maintenance) {
        var h = new Host(
                UUID.randomUUID(),
                name,
                "fake:///" + name,
                "tcg",
                4.0,
                1.0,
                maintenance,
                Instant.now(),
                null,
                NetworkMode.NAT,
                NetworkDns.HOST,
                null,
                null);
        var fake = new FakeHypervisor(name, 2, memoryMiB);
        when(hosts.of(h)).thenReturn(fake);
        registered.add(h);
        return fake;
    }

    private UUID id(String name) {
        return registered.stream()
                .filter(h -> h.name().equals(name))
                .findFirst()
                .orElseThrow()
                .id();
    }

    @Test
    void theHostWithTheMostMemoryLeftWins() {
        host("a", 4096, false);
        host("b", 8192, false);
        host("c", 16384, true);
        totals.add(new Totals(id("b"), 3, 3, 6144));
        var choice = placement.choose(tenant, small, false);
        assertThat(choice.hostName()).isEqualTo("a");
        assertThat(choice.explanation()).contains("most memory left", "c (maintenance)");
    }

    @Test
    void spreadPutsTheTenantsMachineWhereItHasTheFewest() {
        host("a", 16384, false);
        host("b", 4096, false);
        tenantCounts.add(new Totals(id("a"), 2, 0, 0));
        assertThat(placement.choose(tenant, small, false).hostName()).isEqualTo("a");
        assertThat(placement.choose(tenant, small, true).hostName()).isEqualTo("b");
    }

    @Test
    void aHostWithoutRoomForTheVcpusOrMemoryIsOut() {
        host("a", 4096, false);
        host("b", 4096, false);
        totals.add(new Totals(id("a"), 4, 8, 1024));
        totals.add(new Totals(id("b"), 1, 1, 4000));
        assertThatThrownBy(() -> placement.choose(tenant, small, false))
                .isInstanceOfSatisfying(Placement.NoRoomException.class, e -> {
                    assertThat(e.type()).isEqualTo("no-capacity");
                    assertThat(e.explanation).contains("a (vCPUs full)", "b (memory full)");
                });
    }

    @Test
    void everyPoolFullRefusesWithStorageFull() {
        host("a", 4096, false).pool(100L << 30, 0);
        host("b", 4096, false).pool(100L << 30, 1024);
        assertThatThrownBy(() -> placement.choose(tenant, small, false))
                .isInstanceOfSatisfying(
                        Placement.NoRoomException.class,
                        e -> assertThat(e.type()).isEqualTo("storage-full"));
    }

    @Test
    void anUnreachableHostIsSkippedAndNoneAnsweringIsAnOutage() {
        host("a", 8192, false).failWhen(c -> true, FakeHypervisor.failure("Connection reset by peer"));
        host("b", 4096, false);
        var choice = placement.choose(tenant, small, false);
        assertThat(choice.hostName()).isEqualTo("b");
        assertThat(choice.explanation()).contains("a (unreachable: Connection reset by peer)");

        registered.remove(1);
        assertThatThrownBy(() -> placement.choose(tenant, small, false))
                .isInstanceOf(Placement.NoHostAvailableException.class);
    }
}
