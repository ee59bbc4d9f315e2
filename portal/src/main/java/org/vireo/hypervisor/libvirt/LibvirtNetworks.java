package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.definedXml;
import static org.vireo.hypervisor.libvirt.LibvirtSession.is;
import static org.vireo.hypervisor.libvirt.LibvirtSession.liveXml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.hypervisor.FirewallSpec;
import org.vireo.hypervisor.HostNetworks;
import org.vireo.hypervisor.NetworkSpec;

/** A host's libvirt networks (one per tenant), their DHCP reservations, and the nwfilters of machines. */
final class LibvirtNetworks implements HostNetworks {
    private static final Logger log = LoggerFactory.getLogger(LibvirtNetworks.class);
    /** Per network: its DHCP reservations are checked and changed one at a time. */
    private final Map<String, Object> networkLocks = new ConcurrentHashMap<>();

    private final LibvirtSession session;

    LibvirtNetworks(LibvirtSession session) {
        this.session = session;
    }

    /**
     * Synchronized against this node's parallel creates; a definition or start that loses a race with another
     * node ("already exists", "already active") is accepted when the network turns out to be there.
     */
    @Override
    public synchronized boolean ensureNetwork(NetworkSpec spec) {
        String xml = NetworkXml.of(spec);
        String networkName = spec.name();
        return session.call(c -> {
            Network net = network(c, networkName);
            boolean made = false;
            String defined = net == null ? null : net.getXMLDesc(LibvirtFlags.NetworkDesc.INACTIVE.bits());
            if (defined != null && !NetworkXml.shape(defined).equals(NetworkXml.shape(xml))) {
                if (domainUses(c, networkName, false)) {
                    log.info(
                            "network {} differs from its host's mode ({}); kept while running machines use it",
                            networkName,
                            spec.mode().wire());
                } else {
                    log.info(
                            "network {} made again as its host's mode says ({}, {})",
                            networkName,
                            spec.mode().wire(),
                            spec.subnet());
                    if (net.isActive() == 1) {
                        net.destroy();
                    }
                    net.undefine();
                    net = null;
                }
            }
            if (net == null) {
                try {
                    net = c.networkDefineXML(xml);
                    net.setAutostart(true);
                    made = true;
                    log.info(
                            "defined network {} (bridge {}, {}, {})",
                            networkName,
                            spec.bridge(),
                            spec.mode().wire(),
                            spec.subnet());
                } catch (LibvirtException e) {
                    net = network(c, networkName);
                    if (net == null) {
                        throw e;
                    }
                }
            }
            if (net.isActive() != 1) {
                try {
                    net.create();
                    made = true;
                } catch (LibvirtException e) {
                    if (net.isActive() != 1) {
                        throw e;
                    }
                }
            }
            return made;
        });
    }

    @Override
    public synchronized boolean deleteNetworkIfUnused(String networkName) {
        return session.call(c -> {
            if (network(c, networkName) == null || domainUses(c, networkName, true)) {
                return false;
            }
            deleteNetwork(networkName);
            log.info("removed network {}: no machine uses it any more", networkName);
            return true;
        });
    }

    /** Whether a running domain (or, with {@code defined}, any domain) has an interface on the network. */
    private static boolean domainUses(Connect c, String networkName, boolean defined) throws LibvirtException {
        var domains = new ArrayList<Domain>();
        for (int id : c.listDomains()) {
            try {
                domains.add(c.domainLookupByID(id));
            } catch (LibvirtException e) {
                // gone meanwhile
            }
        }
        if (defined) {
            for (String name : c.listDefinedDomains()) {
                try {
                    domains.add(c.domainLookupByName(name));
                } catch (LibvirtException e) {
                    // gone meanwhile
                }
            }
        }
        for (Domain d : domains) {
            try {
                if (DomainDocument.parse(definedXml(d)).usesNetwork(networkName)
                        || (d.isActive() == 1
                                && DomainDocument.parse(liveXml(d)).usesNetwork(networkName))) {
                    return true;
                }
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                    throw e;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<String> interfaceMac(String domainName, String networkName) {
        return session.call(c -> Optional.ofNullable(DomainDocument.parse(definedXml(c.domainLookupByName(domainName)))
                .networkInterfaceMac(networkName)));
    }

    /** A reservation that is there already (same MAC or address) is replaced, so a retried create converges. */
    @Override
    public void reserveAddress(String networkName, String mac, String ipv4, String hostName) {
        String xml = NetworkXml.dhcpHost(mac, ipv4, hostName);
        // one network's reservations one at a time (a check, then an update); other networks and calls go on
        synchronized (networkLocks.computeIfAbsent(networkName, n -> new Object())) {
            reserve(networkName, mac, ipv4, xml);
        }
    }

    private void reserve(String networkName, String mac, String ipv4, String xml) {
        session.call(c -> {
            Network net = network(c, networkName);
            String current = net == null ? null : net.getXMLDesc(LibvirtFlags.NetworkDesc.LIVE.bits());
            if (current == null || !current.contains("<ip ")) {
                return null; // a layer-2 network: no DHCP server (libvirt drops an empty <dhcp/> from the XML)
            }
            if (NetworkXml.hasDhcpHost(current, mac, ipv4)) {
                return null; // there already: each live update costs libvirt a reload of the network's firewall rules
            }
            boolean active = net.isActive() == 1;
            // an entry that gives this address to another MAC (its static entry, for a machine that kept an older
            // MAC) or this MAC another address goes first
            for (String other : NetworkXml.dhcpHostsHolding(current, mac, ipv4)) {
                NetworkUpdates.update(net, active, NetworkUpdates.DELETE, NetworkUpdates.SECTION_IP_DHCP_HOST, other);
            }
            NetworkUpdates.update(net, active, NetworkUpdates.ADD_LAST, NetworkUpdates.SECTION_IP_DHCP_HOST, xml);
            return null;
        });
    }

    @Override
    public void releaseAddress(String networkName, String mac, String ipv4) {
        String xml = NetworkXml.dhcpHost(mac, ipv4, null);
        synchronized (networkLocks.computeIfAbsent(networkName, n -> new Object())) {
            release(networkName, mac, xml);
        }
    }

    private void release(String networkName, String mac, String xml) {
        session.call(c -> {
            Network net = network(c, networkName);
            if (net == null
                    || !net.getXMLDesc(LibvirtFlags.NetworkDesc.LIVE.bits()).contains(mac)) {
                return null;
            }
            NetworkUpdates.update(
                    net, net.isActive() == 1, NetworkUpdates.DELETE, NetworkUpdates.SECTION_IP_DHCP_HOST, xml);
            return null;
        });
    }

    private static Network network(Connect c, String name) throws LibvirtException {
        try {
            return c.networkLookupByName(name);
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_NETWORK)) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void deleteNetwork(String networkName) {
        session.call(c -> {
            try {
                var net = c.networkLookupByName(networkName);
                if (net.isActive() == 1) {
                    net.destroy();
                }
                net.undefine();
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_NETWORK)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public void defineFirewall(FirewallSpec spec) {
        session.call(c -> {
            // a filter is redefined under its own uuid (else libvirt refuses: "already exists with uuid …")
            String uuid = null;
            try {
                uuid = c.networkFilterLookupByName(spec.name()).getUUIDString();
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_NWFILTER)) {
                    throw e;
                }
            }
            return c.networkFilterDefineXML(FilterXml.of(spec, uuid));
        });
    }

    /** libvirt's clean-traffic and what it refers to, leaves first (resources nwfilter/NAME.xml). */
    static final List<String> BASE_FILTERS = List.of(
            "no-mac-spoofing",
            "no-ip-spoofing",
            "allow-incoming-ipv4",
            "no-arp-mac-spoofing",
            "no-arp-ip-spoofing",
            "no-arp-spoofing",
            "no-other-l2-traffic",
            "no-other-rarp-traffic",
            "qemu-announce-self-rarp",
            "qemu-announce-self",
            "clean-traffic");

    @Override
    public List<String> ensureBaseFilters() {
        return session.call(c -> {
            var defined = new ArrayList<String>();
            for (String name : BASE_FILTERS) {
                try {
                    c.networkFilterLookupByName(name);
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_NO_NWFILTER)) {
                        throw e;
                    }
                    c.networkFilterDefineXML(baseFilter(name));
                    defined.add(name);
                }
            }
            if (!defined.isEmpty()) {
                log.info("defined libvirt's base filters the host lacked: {}", defined);
            }
            return defined;
        });
    }

    private static String baseFilter(String name) {
        try (var in = LibvirtNetworks.class.getResourceAsStream("/nwfilter/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalStateException("nwfilter/" + name + ".xml missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deleteFirewall(String filterName) {
        session.call(c -> {
            try {
                c.networkFilterLookupByName(filterName).undefine();
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_NWFILTER)) {
                    throw e;
                }
            }
            return null;
        });
    }
}
