package org.vireo.hypervisor.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vireo.base.Cidr;
import org.vireo.base.Xml;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.hypervisor.SpecValues;
import org.w3c.dom.Element;

/**
 * A tenant's libvirt network on a host: its own bridge (spanning tree off); in {@code nat} and {@code none} mode the
 * host's address on it and a DHCP server that hands out only the reserved addresses ({@link #dhcpHost}, added as
 * machines come), in {@code nat} mode forwarding out with masquerading. libvirt's own firewall rules reject
 * forwarding between two of its networks, so tenants' subnets have no route to each other.
 */
public final class NetworkXml {
    /** Subnets of at most this many addresses get all their DHCP entries when the network is defined. */
    static final long PREPOPULATED_MAX = 1024;

    private static final Pattern HOST_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    private NetworkXml() {}

    /** A layer-2 segment only: no {@code <forward>}, no {@code <ip>}, so no host address and no DHCP. */
    public static String isolated(String name, String bridge) {
        return of(new NetworkSpec(name, bridge, NetworkMode.ISOLATED, new Cidr(0x0a000000, 24)));
    }

    public static String of(NetworkSpec spec) {
        Element network = Xml.root("network");
        Xml.text(network, "name", spec.name());
        if (spec.mode() == NetworkMode.NAT) {
            Xml.child(network, "forward").setAttribute("mode", "nat");
        }
        Element br = Xml.child(network, "bridge");
        br.setAttribute("name", spec.bridge());
        br.setAttribute("stp", "off");
        if (spec.mode().dhcp()) {
            Element ip = Xml.child(network, "ip");
            ip.setAttribute("address", spec.gateway());
            ip.setAttribute("netmask", spec.subnet().netmask());
            Element dhcp = Xml.child(ip, "dhcp");
            if (spec.subnet().size() <= PREPOPULATED_MAX) {
                // every address's entry at once (see macFor); larger subnets get theirs one by one, live
                for (long i = 2; i < spec.subnet().size() - 1; i++) {
                    String address = Cidr.format(spec.subnet().at(i));
                    Element host = Xml.child(dhcp, "host");
                    host.setAttribute("mac", SpecValues.macFor(address));
                    host.setAttribute("ip", address);
                }
            }
            if (!spec.dns().enabled()) {
                Xml.child(network, "dns").setAttribute("enable", "no");
            } else if (!spec.dns().forwarders().isEmpty()) {
                // libvirt then writes no-resolv: the host's own resolvers are not asked
                Element dns = Xml.child(network, "dns");
                spec.dns().forwarders().forEach(a -> Xml.child(dns, "forwarder").setAttribute("addr", a));
            }
        }
        return Xml.serialize(network);
    }

    /**
     * What of a network's definition Vireo decides (bridge, forward mode, gateway and mask, DNS), read the same way
     * from the XML Vireo would write and from libvirt's, which adds its own elements (uuid, MAC, NAT ports, DHCP
     * hosts): two networks of equal shape serve their guests alike.
     */
    public static String shape(String networkXml) {
        Element network = Xml.parse(networkXml).getDocumentElement();
        var shape = new StringBuilder();
        shape.append("bridge=").append(attribute(network, "bridge", "name"));
        shape.append(" forward=").append(attribute(network, "forward", "mode"));
        var ips = network.getElementsByTagName("ip");
        for (int i = 0; i < ips.getLength(); i++) {
            var ip = (Element) ips.item(i);
            String mask = ip.getAttribute("netmask").isEmpty()
                            && !ip.getAttribute("prefix").isEmpty()
                    ? new Cidr(0, Integer.parseInt(ip.getAttribute("prefix"))).netmask()
                    : ip.getAttribute("netmask");
            shape.append(" ip=")
                    .append(ip.getAttribute("address"))
                    .append('/')
                    .append(mask)
                    .append(ip.getElementsByTagName("dhcp").getLength() > 0 ? "+dhcp" : "");
        }
        shape.append(" dns=").append(attribute(network, "dns", "enable"));
        var forwarders = network.getElementsByTagName("forwarder");
        for (int i = 0; i < forwarders.getLength(); i++) {
            shape.append(',').append(((Element) forwarders.item(i)).getAttribute("addr"));
        }
        return shape.toString();
    }

    private static String attribute(Element parent, String child, String name) {
        var list = parent.getElementsByTagName(child);
        return list.getLength() == 0 ? "" : ((Element) list.item(0)).getAttribute(name);
    }

    /**
     * The entries (as XML to delete them by) that give {@code ipv4} to another MAC or {@code mac} another address.
     */
    public static List<String> dhcpHostsHolding(String networkXml, String mac, String ipv4) {
        var result = new ArrayList<String>();
        var hosts = Xml.parse(networkXml).getDocumentElement().getElementsByTagName("host");
        for (int i = 0; i < hosts.getLength(); i++) {
            var host = (Element) hosts.item(i);
            boolean sameMac = host.getAttribute("mac").equalsIgnoreCase(mac);
            boolean sameIp = host.getAttribute("ip").equals(ipv4);
            if (sameMac != sameIp && host.getParentNode() instanceof Element dhcp && "dhcp".equals(dhcp.getTagName())) {
                var entry = Xml.root("host");
                for (String attribute : new String[] {"mac", "name", "ip"}) {
                    if (!host.getAttribute(attribute).isEmpty()) {
                        entry.setAttribute(attribute, host.getAttribute(attribute));
                    }
                }
                result.add(Xml.serialize(entry));
            }
        }
        return result;
    }

    /** Whether the network (libvirt's XML of it) hands {@code ipv4} to {@code mac} already. */
    public static boolean hasDhcpHost(String networkXml, String mac, String ipv4) {
        var hosts = Xml.parse(networkXml).getDocumentElement().getElementsByTagName("host");
        for (int i = 0; i < hosts.getLength(); i++) {
            var host = (Element) hosts.item(i);
            if (host.getAttribute("mac").equalsIgnoreCase(mac)
                    && host.getAttribute("ip").equals(ipv4)) {
                return true;
            }
        }
        return false;
    }

    /** The DHCP reservation of one machine: its MAC gets its address (and its name, when one fits DNS). */
    public static String dhcpHost(String mac, String ipv4, String hostName) {
        SpecValues.check(SpecValues.MAC, mac, "MAC address");
        Cidr.address(ipv4);
        Element host = Xml.root("host");
        host.setAttribute("mac", mac);
        host.setAttribute("ip", ipv4);
        if (hostName != null && HOST_NAME.matcher(hostName).matches()) {
            host.setAttribute("name", hostName);
        }
        return Xml.serialize(host);
    }
}
