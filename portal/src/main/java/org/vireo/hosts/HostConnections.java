package org.vireo.hosts;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.vireo.hosts.internal.HostEntity;
import org.vireo.hosts.internal.HostRepository;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.HypervisorFactory;
import org.vireo.hypervisor.HypervisorListener;

/**
 * The only way to a host: the libvirt connection of each registered host, opened on first use and kept (each
 * reconnects by itself); the portal's own host is a registered host too (its connection is opened at start).
 * Listeners added here hear every host's events, also of hosts registered later. For other modules' services; it
 * authorizes nothing.
 */
@Component
public class HostConnections implements DisposableBean {
    private final HostRepository hosts;
    private final Hypervisor local;
    private final HypervisorFactory factory;
    private final String localUri;
    private final Map<UUID, Hypervisor> connections = new ConcurrentHashMap<>();
    private final List<HypervisorListener> listeners = new CopyOnWriteArrayList<>();

    HostConnections(HostRepository hosts, HypervisorFactory factory) {
        this.hosts = hosts;
        this.factory = factory;
        this.localUri = factory.localUri();
        this.local = factory.connectLocal();
    }

    /** The portal's own host's connection (its health, its page). */
    public Hypervisor local() {
        return local;
    }

    /** Registered hosts, oldest first. */
    public List<Host> hosts() {
        return hosts.findAll(Sort.by("createdAt")).stream()
                .map(HostEntity::toHost)
                .toList();
    }

    /** The connection to a registered host. */
    public Hypervisor of(UUID hostId) {
        Objects.requireNonNull(hostId, "hostId");
        var existing = connections.get(hostId);
        if (existing != null) {
            return existing;
        }
        return of(hosts.findById(hostId)
                .map(HostEntity::toHost)
                .orElseThrow(() -> new HypervisorException("no host " + hostId, null)));
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
    public Optional<String> consoleUrl(UUID hostId) {
        return hosts.findById(hostId).map(HostEntity::toHost).map(Host::consoleUrl);
    }

    /** Whether the machine's host is the portal's own. */
    public boolean isLocal(UUID hostId) {
        return hosts.findById(hostId).map(HostEntity::toHost).map(this::isLocal).orElse(false);
    }

    /** Whether this host is the portal's own. */
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
        factory.close(local);
    }
}
