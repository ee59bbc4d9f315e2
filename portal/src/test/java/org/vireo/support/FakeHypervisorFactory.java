package org.vireo.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorFactory;

/** Hands out {@link FakeHypervisor}s by URI: the portal's own host's, and one per other URI, made on first use. */
public class FakeHypervisorFactory implements HypervisorFactory {
    public static final String LOCAL_URI = "fake:///local";

    private final FakeHypervisor local = new FakeHypervisor("local", 4, 8192);
    private final Map<String, FakeHypervisor> hosts = new LinkedHashMap<>();
    private final List<String> unreachable = new ArrayList<>();
    private final List<Hypervisor> closed = new ArrayList<>();

    public FakeHypervisor local() {
        return local;
    }

    /** The host at {@code uri}, made now when it is new. */
    public synchronized FakeHypervisor host(String uri) {
        return uri.equals(LOCAL_URI) ? local : hosts.computeIfAbsent(uri, u -> new FakeHypervisor(u, 4, 8192));
    }

    /** Connecting to {@code uri} fails from now on, as to a host that is down. */
    public synchronized void unreachable(String uri) {
        unreachable.add(uri);
    }

    public synchronized List<Hypervisor> closed() {
        return List.copyOf(closed);
    }

    @Override
    public synchronized Hypervisor connect(String uri, Accelerator accelerator) {
        if (unreachable.contains(uri)) {
            throw FakeHypervisor.failure("Cannot recv data: Connection reset by peer (" + uri + ")");
        }
        return host(uri);
    }

    @Override
    public Hypervisor connectLocal() {
        return local;
    }

    @Override
    public Accelerator localAccelerator() {
        return Accelerator.TCG;
    }

    @Override
    public String localUri() {
        return LOCAL_URI;
    }

    @Override
    public synchronized void close(Hypervisor hypervisor) {
        closed.add(hypervisor);
    }
}
