package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.liveXml;
import static org.vireo.hypervisor.libvirt.LibvirtSession.lookup;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.base.Xml;
import org.vireo.hypervisor.InterfaceBandwidth;

/**
 * Interface limits through libvirt's {@code <bandwidth>}. Whether the host's kernel has what libvirt needs for it is
 * probed with a transient network that has a limit and no addresses (no traffic): made, then destroyed; a success
 * is kept, a failure asked again after 10 minutes. Limits go on the running domain only: its definition stays
 * free of them, so a move to a host that cannot limit still works (the sampling round puts them back).
 */
final class LibvirtBandwidth implements InterfaceBandwidth {
    private static final Logger log = LoggerFactory.getLogger(LibvirtBandwidth.class);
    private final LibvirtSession session;
    /** A failed probe is asked again after this long (libvirt or the host may have been busy). */
    private static final long RETRY_NANOS = 10L * 60 * 1_000_000_000;
    private volatile Optional<String> unsupported;
    private volatile long probedAt;

    LibvirtBandwidth(LibvirtSession session) {
        this.session = session;
    }

    @Override
    public Optional<String> bandwidthUnsupported() {
        var known = unsupported;
        if (known == null || known.isPresent() && System.nanoTime() - probedAt > RETRY_NANOS) {
            known = session.call(LibvirtBandwidth::probe);
            probedAt = System.nanoTime();
            unsupported = known;
            log.info("interface limits: {}", known.map(why -> "unavailable (" + why + ")").orElse("available"));
        }
        return known;
    }

    private static Optional<String> probe(org.libvirt.Connect c) {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000, 0x7fffffff));
        var network = Xml.root("network");
        Xml.text(network, "name", "vireo-bwprobe-" + id);
        var bridge = Xml.child(network, "bridge");
        bridge.setAttribute("name", "vbwp" + id);
        bridge.setAttribute("stp", "off");
        var bandwidth = Xml.child(network, "bandwidth");
        Xml.child(bandwidth, "inbound").setAttribute("average", "1250");
        Xml.child(bandwidth, "outbound").setAttribute("average", "1250");
        Network created;
        try {
            created = c.networkCreateXML(Xml.serialize(network));
        } catch (LibvirtException e) {
            return Optional.of(e.getMessage());
        }
        try {
            created.destroy();
        } catch (LibvirtException e) {
            log.warn("bandwidth probe network vireo-bwprobe-{} not removed: {}", id, e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void limitInterface(String domainName, String mac, Integer kilobytesPerSecond) {
        session.call(c -> {
            var d = lookup(c, domainName);
            if (d == null) {
                return null;
            }
            if (d.isActive() == 1) {
                String live = DomainDocument.parse(liveXml(d)).interfaceWithLimit(mac, kilobytesPerSecond);
                if (live != null) {
                    d.updateDeviceFlags(live, LibvirtFlags.Affect.LIVE.bits());
                }
            }
            return null;
        });
    }
}
