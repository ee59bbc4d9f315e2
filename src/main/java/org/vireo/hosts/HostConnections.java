package org.vireo.hosts;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.vireo.hosts.internal.HostEntity;
import org.vireo.hosts.internal.HostRepository;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorFactory;
import org.vireo.hypervisor.HypervisorListener;

/**
 * The libvirt connection of each registered host, opened on first use and kept (each reconnects by itself). The
 * portal's own host is the {@link Hypervisor} bean; a machine without a host lives there. Listeners added here hear
 * every host's events, also of hosts registered later. For other modules' services; it authorizes nothing.
 */
@Component
public class HostConnections implements DisposableBean {
    private final HostRepository hosts;
    private final Hypervisor local;
    private final HypervisorFactory factory;
    private final String localUri;
    private final Map<UUID, Hypervisor> connections = new ConcurrentHashMap<>();
    private final List<HypervisorListener> listeners = new CopyOnWriteArrayList<>();

    HostConnections(HostRepository hosts, Hypervisor local, HypervisorFactory factory,
                    @Value("${vireo.libvirt.uri}") String localUri) {
        this.hosts = hosts;
        this.local = local;
        this.factory = factory;
        this.localUri = localUri;
    }

    /** Registered hosts, oldest first. */
    public List<Host> hosts() {
        return hosts.findAll(org.springframework.data.domain.Sort.by("createdAt")).stream().map(HostEntity::toHost)
                .toList();
    }

    /** The connection to a host; {@code null} or an unknown id is the portal's own host. */
    public Hypervisor of(UUID hostId) {
        if (hostId == null) {
            return local;
        }
        var existing = connections.get(hostId);
        if (existing != null) {
            return existing;
        }
        var host = hosts.findById(hostId).map(HostEntity::toHost).orElse(null);
        return host == null ? local : of(host);
    }

    public Hypervisor of(Host host) {
        if (host.uri().equals(localUri)) {
            return local;
        }
        return connections.computeIfAbsent(host.id(), id -> {
            var h = factory.connect(host.uri(), Accelerator.parse(host.accelerator()));
            listeners.forEach(h::addListener);
            return h;
        });
    }

    /** Adopts a connection opened (and checked) while registering the host. */
    void adopt(UUID hostId, Hypervisor connection) {
        listeners.forEach(connection::addListener);
        var old = connections.put(hostId, connection);
        if (old != null && old != connection) {
            factory.close(old);
        }
    }

    /** The console proxy next to the machine's host, if it has one. */
    public java.util.Optional<String> consoleUrl(UUID hostId) {
        return hostId == null ? java.util.Optional.empty()
                : hosts.findById(hostId).map(HostEntity::toHost).map(Host::consoleUrl);
    }

    /** Whether the machine's host ({@code null}: not recorded, from before several hosts) is the portal's own. */
    public boolean isLocal(UUID hostId) {
        return hostId == null || hosts.findById(hostId).map(HostEntity::toHost).map(this::isLocal).orElse(true);
    }

    /** Whether this host is the portal's own (whose machines may have no host recorded). */
    public boolean isLocal(Host host) {
        return host.uri().equals(localUri);
    }

    /** Hears every host's lifecycle events and reconnects, from now on. */
    public void addListener(HypervisorListener listener) {
        listeners.add(listener);
        local.addListener(listener);
        connections.values().forEach(h -> h.addListener(listener));
    }

    @Override
    public void destroy() {
        connections.values().forEach(factory::close);
        connections.clear();
    }
}
