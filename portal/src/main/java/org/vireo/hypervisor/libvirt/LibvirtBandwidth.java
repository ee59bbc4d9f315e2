package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.DomainDocument.LIMITS_NS;
import static org.vireo.hypervisor.libvirt.DomainXml.children;
import static org.vireo.hypervisor.libvirt.LibvirtSession.liveXml;
import static org.vireo.hypervisor.libvirt.LibvirtSession.lookup;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.base.Xml;
import org.vireo.hypervisor.InterfaceBandwidth;
import org.vireo.hypervisor.InterfaceLimits;
import org.vireo.hypervisor.InterfaceLimits.Mechanism;

/**
 * Interface limits through libvirt's {@code <bandwidth>} where the host's kernel has what libvirt needs for it,
 * else through the host's throttle agent ({@code scripts/host-throttle}), which shapes the interfaces marked in the
 * running domain's metadata ({@link DomainDocument#LIMITS_NS}). libvirt is probed with a transient network that has
 * a limit and no addresses (no traffic): made, then destroyed; a success is kept, a failure asked again after 10
 * minutes. The agent says it runs with an nwfilter of its name carrying a heartbeat (asked every 30 s). Limits and
 * marks go on the running domain only: its definition stays free of them, so a move to a host that cannot limit
 * still works (the sampling round puts them back).
 */
final class LibvirtBandwidth implements InterfaceBandwidth {
    private static final Logger log = LoggerFactory.getLogger(LibvirtBandwidth.class);
    /** The nwfilter (without rules) the throttle agent defines while it runs. */
    static final String AGENT_MARKER = "vireo-host-throttle";

    private static final int METADATA_ELEMENT = 2;
    /** A failed probe is asked again after this long (libvirt or the host may have been busy). */
    private static final long RETRY_NANOS = 10L * 60 * 1_000_000_000;

    private static final long AGENT_NANOS = 30L * 1_000_000_000;
    /** How old the agent's heartbeat may be (it beats every 10 s). */
    static final Duration HEARTBEAT_MAX = Duration.ofSeconds(60);

    private final LibvirtSession session;
    private volatile Optional<String> unsupported;
    private volatile long probedAt;
    private volatile Boolean agent;
    private volatile long agentAskedAt;

    LibvirtBandwidth(LibvirtSession session) {
        this.session = session;
    }

    @Override
    public InterfaceLimits interfaceLimits() {
        var libvirt = libvirtUnsupported();
        if (libvirt.isEmpty()) {
            return InterfaceLimits.by(Mechanism.LIBVIRT);
        }
        return agentRuns()
                ? InterfaceLimits.by(Mechanism.HOST_AGENT)
                : InterfaceLimits.unavailable(libvirt.get() + "; no throttle agent (scripts/host-throttle) runs there");
    }

    private Optional<String> libvirtUnsupported() {
        var known = unsupported;
        if (known == null || known.isPresent() && System.nanoTime() - probedAt > RETRY_NANOS) {
            known = session.call(LibvirtBandwidth::probe);
            probedAt = System.nanoTime();
            unsupported = known;
            log.info(
                    "interface limits by libvirt: {}",
                    known.map(why -> "unavailable (" + why + ")").orElse("available"));
        }
        return known;
    }

    private boolean agentRuns() {
        var known = agent;
        if (known == null || System.nanoTime() - agentAskedAt > AGENT_NANOS) {
            known = session.call(c -> {
                try {
                    var marker = c.networkFilterLookupByName(AGENT_MARKER);
                    try {
                        return heartbeatFresh(marker.getXMLDesc(), Instant.now());
                    } finally {
                        marker.free();
                    }
                } catch (LibvirtException e) {
                    return false;
                }
            });
            agentAskedAt = System.nanoTime();
            if (!known.equals(agent)) {
                log.info("throttle agent: {}", known ? "runs" : "does not run");
            }
            agent = known;
        }
        return known;
    }

    /**
     * Whether the agent's marker says it ran within {@link #HEARTBEAT_MAX}: it defines the marker again every few
     * seconds with the time in a rule's comment ({@code vireo-host-throttle alive <epoch seconds>}), so a marker an
     * agent killed without its clean-up left behind goes stale.
     */
    static boolean heartbeatFresh(String markerXml, Instant now) {
        for (var rule : children(Xml.parse(markerXml).getDocumentElement(), "rule")) {
            for (var match : children(rule, null)) {
                var words = match.getAttribute("comment").strip().split("\\s+");
                if (words.length == 3
                        && words[0].equals(AGENT_MARKER)
                        && words[1].equals("alive")
                        && words[2].matches("\\d{1,12}")) {
                    var beat = Instant.ofEpochSecond(Long.parseLong(words[2]));
                    return Duration.between(beat, now).abs().compareTo(HEARTBEAT_MAX) <= 0;
                }
            }
        }
        return false;
    }

    private static Optional<String> probe(Connect c) {
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
        boolean byLibvirt = libvirtUnsupported().isEmpty();
        session.call(c -> {
            var d = lookup(c, domainName);
            if (d == null || d.isActive() != 1) {
                return null;
            }
            var doc = DomainDocument.parse(liveXml(d));
            var nic = doc.nics().stream()
                    .filter(n -> mac.equalsIgnoreCase(n.mac()))
                    .findFirst()
                    .orElse(null);
            if (nic == null) {
                return null;
            }
            // The host's mechanism holds the limit; what the other one left (a move from a host that limits the
            // other way, a probe that changed its answer) goes, so a freed machine is free whoever shapes it.
            Integer byBandwidth = byLibvirt ? kilobytesPerSecond : null;
            Integer byMark = byLibvirt ? null : kilobytesPerSecond;
            if (byBandwidth != null || nic.bandwidth()) {
                String live = doc.interfaceWithLimit(mac, byBandwidth);
                if (live != null) {
                    d.updateDeviceFlags(live, LibvirtFlags.Affect.LIVE.bits());
                }
            }
            if (byMark != null || nic.marked()) {
                mark(d, mac, byMark);
            }
            return null;
        });
    }

    /** The domain's marks for the throttle agent with {@code mac} at {@code kilobytesPerSecond} (null: unmarked). */
    private static void mark(Domain d, String mac, Integer kilobytesPerSecond) throws LibvirtException {
        String current;
        try {
            current = d.getMetadata(METADATA_ELEMENT, LIMITS_NS, LibvirtFlags.Affect.LIVE.bits());
        } catch (LibvirtException e) {
            if (e.getError() == null || e.getError().getCode() != ErrorNumber.VIR_ERR_NO_DOMAIN_METADATA) {
                throw e;
            }
            current = null; // none yet
        }
        String marks = marked(current, mac, kilobytesPerSecond);
        d.setMetadata(
                METADATA_ELEMENT,
                marks,
                marks == null ? null : "vireo-limits",
                LIMITS_NS,
                LibvirtFlags.Affect.LIVE.bits());
    }

    /**
     * The limits metadata {@code current} (null: none) with {@code mac} at {@code kilobytesPerSecond} in place of
     * any mark it had (null: unmarked); null when no mark is left.
     */
    static String marked(String current, String mac, Integer kilobytesPerSecond) {
        var limits = Xml.rootNS(LIMITS_NS, "limits");
        if (current != null) {
            for (var old : children(Xml.parse(current).getDocumentElement(), "interface")) {
                if (!old.getAttribute("mac").equalsIgnoreCase(mac)) {
                    var kept = Xml.childNS(limits, "interface");
                    kept.setAttribute("mac", old.getAttribute("mac"));
                    kept.setAttribute("kilobytesPerSecond", old.getAttribute("kilobytesPerSecond"));
                }
            }
        }
        if (kilobytesPerSecond != null) {
            var added = Xml.childNS(limits, "interface");
            added.setAttribute("mac", mac.toLowerCase(Locale.ROOT));
            added.setAttribute("kilobytesPerSecond", Integer.toString(kilobytesPerSecond));
        }
        return children(limits, "interface").isEmpty() ? null : Xml.serializeElement(limits);
    }
}
