package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vireo.base.Cidr;
import org.vireo.hypervisor.SpecValues;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.networks.AddressesExhaustedException;

/**
 * A new machine's private address: the lowest free one of the tenant's subnet (never the gateway's or the
 * broadcast), with the MAC derived from it unless another machine holds that MAC.
 */
class PrivateAddressesTest {
    private final MachineRepository machines = mock(MachineRepository.class);
    private final PrivateNics nics = new PrivateNics(machines, null, null, null, null, null, null, null, null);
    private final UUID tenant = UUID.randomUUID();
    private final List<String> used = new ArrayList<>();
    private final List<String> macs = new ArrayList<>();

    @BeforeEach
    void wire() {
        when(machines.privateAddresses(tenant)).thenReturn(used);
        when(machines.existsByMac(anyString())).thenAnswer(i -> macs.contains(i.<String>getArgument(0)));
    }

    private MachineEntity assign(String subnet) {
        var m = new MachineEntity(tenant, "m", UUID.randomUUID(), 1, 256, 1, UUID.randomUUID());
        nics.assign(m, Cidr.parse(subnet));
        return m;
    }

    @Test
    void theFirstMachineGetsTheAddressAfterTheGatewayAndItsMac() {
        var m = assign("10.20.0.0/24");
        assertThat(m.getPrivateIpv4()).isEqualTo("10.20.0.2");
        assertThat(m.getMac()).isEqualTo("52:54:00:14:00:02");
    }

    @Test
    void theLowestFreeAddressIsReusedAfterADelete() {
        used.addAll(List.of("10.20.0.2", "10.20.0.4"));
        assertThat(assign("10.20.0.0/24").getPrivateIpv4()).isEqualTo("10.20.0.3");
    }

    @Test
    void aMacHeldByAnotherMachineIsNotHandedOutTwice() {
        macs.add(SpecValues.macFor("10.20.0.2"));
        var m = assign("10.20.0.0/24");
        assertThat(m.getPrivateIpv4()).isEqualTo("10.20.0.2");
        assertThat(m.getMac()).startsWith("52:54:00:").isNotEqualTo(SpecValues.macFor("10.20.0.2"));
    }

    @Test
    void aFullSubnetRefusesAndNeverHandsOutTheBroadcast() {
        // a /29: .0 network, .1 gateway, .2 to .6 for machines, .7 broadcast
        used.addAll(List.of("10.20.0.2", "10.20.0.3", "10.20.0.4", "10.20.0.5"));
        assertThat(assign("10.20.0.0/29").getPrivateIpv4()).isEqualTo("10.20.0.6");
        used.add("10.20.0.6");
        assertThatThrownBy(() -> assign("10.20.0.0/29")).isInstanceOf(AddressesExhaustedException.class);
    }
}
