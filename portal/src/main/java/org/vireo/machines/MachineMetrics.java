package org.vireo.machines;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.vireo.machines.internal.MachineRepository;

/**
 * {@code vireo.machines{state=…}}: machines per state, counted when scraped. Creates, their latency, quota
 * refusals, libvirt errors and console sessions are counted where they happen.
 */
@Component
class MachineMetrics {
    MachineMetrics(MeterRegistry registry, MachineRepository machines) {
        for (MachineState state : MachineState.values()) {
            Gauge.builder("vireo.machines", machines, m -> m.countByState(state))
                    .tag("state", state.name())
                    .description("machines in this state")
                    .register(registry);
        }
    }
}
