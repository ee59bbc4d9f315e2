package org.vireo.traffic;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.machines.InterfaceCountersRead;

/**
 * Keeps the public interfaces of throttled tenants' running machines limited to {@link TrafficSettings#throttleMbit}
 * and everybody else's free, from what each sampling round read (a machine started or moved meanwhile is caught
 * at the next round). A host that cannot limit interfaces is left alone; its page says why.
 */
@Component
@EnableConfigurationProperties(TrafficSettings.class)
class TrafficThrottles {
    private static final Logger log = LoggerFactory.getLogger(TrafficThrottles.class);
    private final HostConnections hosts;
    private final TrafficSettings settings;

    TrafficThrottles(HostConnections hosts, TrafficSettings settings) {
        this.hosts = hosts;
        this.settings = settings;
    }

    void enforce(Collection<InterfaceCountersRead.Reading> readings, Set<UUID> throttledTenants) {
        for (var r : readings) {
            boolean wanted = !r.privateNetwork() && throttledTenants.contains(r.tenantId());
            if (wanted == r.limited()) {
                continue;
            }
            try {
                var hypervisor = hosts.of(r.hostId());
                if (wanted && !hypervisor.interfaceLimits().available()) {
                    continue;
                }
                hypervisor.limitInterface(r.domainName(), r.mac(), wanted ? settings.kilobytesPerSecond() : null);
                log.info("{} {} of {}", wanted ? "throttled" : "unthrottled", r.mac(), r.domainName());
            } catch (HypervisorException e) {
                log.warn(
                        "{} of {} not {}: {}",
                        r.mac(),
                        r.domainName(),
                        wanted ? "throttled" : "unthrottled",
                        e.getMessage());
            }
        }
    }
}
