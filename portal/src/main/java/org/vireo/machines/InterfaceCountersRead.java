package org.vireo.machines;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sampling round read the interface counters of running machines (for traffic accounting). Counters are
 * cumulative within one {@code run} of the machine on its host; a new run starts them at zero.
 */
public record InterfaceCountersRead(Instant at, List<Reading> readings) {
    public InterfaceCountersRead {
        readings = List.copyOf(readings);
    }

    /**
     * One interface of one machine: {@code privateNetwork} for its tenant's private network, else a public
     * address's interface. {@code rxBytes} received by the machine, {@code txBytes} sent by it; {@code limited}: the
     * interface has a rate limit now. {@code cpuTimeNanos}: the domain's CPU time, which never goes back in a run.
     */
    public record Reading(
            UUID machineId,
            UUID tenantId,
            UUID hostId,
            String domainName,
            String run,
            long cpuTimeNanos,
            String mac,
            boolean privateNetwork,
            long rxBytes,
            long txBytes,
            boolean limited) {}
}
