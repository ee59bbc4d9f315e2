package org.vireo.traffic;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.InterfaceLimits;
import org.vireo.machines.InterfaceCountersRead.Reading;

/**
 * Which interfaces get a limit and which lose theirs: throttled tenants' public ones (not their private ones), on
 * hosts that can limit; everybody else's limits are lifted.
 */
class TrafficThrottlesTest {
    private final HostConnections hosts = mock(HostConnections.class);
    private final Hypervisor able = mock(Hypervisor.class);
    private final Hypervisor unable = mock(Hypervisor.class);
    private final UUID ableHost = UUID.randomUUID();
    private final UUID unableHost = UUID.randomUUID();
    private final UUID over = UUID.randomUUID();
    private final UUID within = UUID.randomUUID();
    private final TrafficThrottles throttles = new TrafficThrottles(hosts, new TrafficSettings(10));

    TrafficThrottlesTest() {
        when(hosts.of(ableHost)).thenReturn(able);
        when(hosts.of(unableHost)).thenReturn(unable);
        when(able.interfaceLimits()).thenReturn(InterfaceLimits.by(InterfaceLimits.Mechanism.HOST_AGENT));
        when(unable.interfaceLimits()).thenReturn(InterfaceLimits.unavailable("Failed to load TC action module"));
    }

    private Reading reading(
            UUID tenant, UUID host, String domain, String mac, boolean privateNetwork, boolean limited) {
        return new Reading(UUID.randomUUID(), tenant, host, domain, host + "/1", 0, mac, privateNetwork, 0, 0, limited);
    }

    @Test
    void aThrottledTenantsPublicInterfacesAreLimitedWhereTheHostCan() {
        throttles.enforce(
                List.of(
                        reading(over, ableHost, "vireo-a", "52:54:00:00:00:01", false, false),
                        reading(over, ableHost, "vireo-a", "52:54:00:00:00:02", true, false),
                        reading(over, ableHost, "vireo-b", "52:54:00:00:00:03", false, true),
                        reading(over, unableHost, "vireo-c", "52:54:00:00:00:04", false, false)),
                Set.of(over));
        verify(able).limitInterface("vireo-a", "52:54:00:00:00:01", 1250);
        verify(able, never()).limitInterface(anyString(), ArgumentMatchers.eq("52:54:00:00:00:02"), any());
        verify(able, never()).limitInterface(ArgumentMatchers.eq("vireo-b"), anyString(), any());
        verify(unable, never()).limitInterface(anyString(), anyString(), any());
    }

    @Test
    void everybodyElsesLimitsAreLifted() {
        throttles.enforce(
                List.of(
                        reading(within, ableHost, "vireo-d", "52:54:00:00:00:05", false, true),
                        reading(within, ableHost, "vireo-e", "52:54:00:00:00:06", false, false)),
                Set.of(over));
        verify(able).limitInterface("vireo-d", "52:54:00:00:00:05", null);
        verify(able, never()).limitInterface(ArgumentMatchers.eq("vireo-e"), anyString(), any());
    }
}
