package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.liveXml;
import static org.vireo.hypervisor.libvirt.LibvirtSession.lookup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.vireo.hypervisor.DomainStats;
import org.vireo.hypervisor.HostMetrics;
import org.vireo.hypervisor.InterfaceCounters;

/** What a running domain uses (CPU time, memory, disk and network bytes) and which addresses libvirt sees. */
final class LibvirtMetrics implements HostMetrics {
    private static final String DISK = "vda";
    private final LibvirtSession session;
    /** Whether this host limits interfaces by its throttle agent (then marks count as limits). */
    private final BooleanSupplier byAgent;

    LibvirtMetrics(LibvirtSession session, BooleanSupplier byAgent) {
        this.session = session;
        this.byAgent = byAgent;
    }

    @Override
    public Optional<DomainStats> stats(String domainName) {
        return session.call(c -> {
            Domain d = lookup(c, domainName);
            if (d == null || d.isActive() != 1) {
                return Optional.empty();
            }
            long at = System.nanoTime();
            var info = d.getInfo();
            long unused = -1;
            long available = -1;
            long rss = -1;
            for (var m : d.memoryStats(LibvirtFlags.MemoryStat.COUNT)) {
                var tag = new LibvirtFlags.MemoryStat(m.getTag());
                if (tag.equals(LibvirtFlags.MemoryStat.UNUSED)) {
                    unused = m.getValue();
                } else if (tag.equals(LibvirtFlags.MemoryStat.AVAILABLE)) {
                    available = m.getValue();
                } else if (tag.equals(LibvirtFlags.MemoryStat.RSS)) {
                    rss = m.getValue();
                }
            }
            long used = available > 0 && unused >= 0 ? available - unused : Math.min(rss, info.memory);
            var disk = d.blockStats(DISK);
            long rx = 0;
            long tx = 0;
            var interfaces = new ArrayList<InterfaceCounters>();
            for (var nic : DomainDocument.parse(liveXml(d)).nics()) {
                var s = d.interfaceStats(nic.dev());
                rx += s.rx_bytes;
                tx += s.tx_bytes;
                if (nic.mac() != null) {
                    // a mark counts only where the throttle agent limits (one carried along by a move to a host
                    // that limits through libvirt is left alone there, and the round gives it a <bandwidth>)
                    boolean limited = nic.bandwidth() || nic.marked() && byAgent.getAsBoolean();
                    interfaces.add(new InterfaceCounters(nic.mac(), s.rx_bytes, s.tx_bytes, limited));
                }
            }
            return Optional.of(new DomainStats(
                    at,
                    info.nrVirtCpu,
                    info.cpuTime,
                    Math.max(0, used),
                    info.memory,
                    disk.rd_bytes,
                    disk.wr_bytes,
                    rx,
                    tx,
                    d.getID(),
                    interfaces));
        });
    }

    @Override
    public List<String> addresses(String domainName) {
        return session.call(c -> {
            Domain d = lookup(c, domainName);
            if (d == null || d.isActive() != 1) {
                return List.of();
            }
            var result = new LinkedHashSet<String>();
            for (var source : List.of(LibvirtFlags.AddressSource.LEASE, LibvirtFlags.AddressSource.ARP)) {
                try {
                    for (var iface : d.interfaceAddresses(source.value(), 0)) {
                        for (var a : iface.addrs) {
                            result.add(a.address.getHostAddress());
                        }
                    }
                } catch (LibvirtException e) {
                    // this source knows nothing here (no DHCP on the network); the next may
                }
            }
            return List.copyOf(result);
        });
    }
}
