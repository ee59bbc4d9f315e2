package org.vireo.hosts;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} component "libvirt": up when the portal's own host answers, with what it reports. */
@Component("libvirt")
class LocalHostHealth implements HealthIndicator {
    private final HostConnections hosts;

    LocalHostHealth(HostConnections hosts) {
        this.hosts = hosts;
    }

    @Override
    public Health health() {
        try {
            var info = hosts.local().hostInfo();
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
            return Health.down()
                    .withDetail("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
