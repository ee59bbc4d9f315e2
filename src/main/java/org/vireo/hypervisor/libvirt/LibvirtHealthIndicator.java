package org.vireo.hypervisor.libvirt;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import org.vireo.hypervisor.Hypervisor;

/** {@code /actuator/health} component "libvirt": up when the hypervisor answers, with what it reports. */
@Component("libvirt")
class LibvirtHealthIndicator implements HealthIndicator {
    private final Hypervisor hypervisor;

    LibvirtHealthIndicator(Hypervisor hypervisor) {
        this.hypervisor = hypervisor;
    }

    @Override
    public Health health() {
        try {
            var info = hypervisor.hostInfo();
            return Health.up()
                    .withDetail("uri", info.uri())
                    .withDetail("hypervisor", info.hypervisorType())
                    .withDetail("hypervisorVersion", info.hypervisorVersion())
                    .withDetail("libvirtVersion", info.libvirtVersion())
                    .withDetail("accelerator", info.accelerator().name().toLowerCase())
                    .withDetail("cpus", info.cpus())
                    .withDetail("memoryMiB", info.memoryMiB())
                    .build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
        }
    }
}
