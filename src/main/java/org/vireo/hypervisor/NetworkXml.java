package org.vireo.hypervisor;

import java.util.regex.Pattern;
import org.vireo.base.Xml;
import org.w3c.dom.Element;

/**
 * An isolated libvirt network: its own bridge, no {@code <forward>}, no {@code <ip>} (so no host address and no
 * DHCP), spanning tree off. Guests on it share a layer-2 segment only with each other.
 */
public final class NetworkXml {
    public static final Pattern NETWORK_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    /** Linux limits interface names to 15 characters. */
    public static final Pattern BRIDGE_NAME = Pattern.compile("^[a-z][a-z0-9]{1,14}$");

    private NetworkXml() {
    }

    public static String isolated(String name, String bridge) {
        StorageXml.check(NETWORK_NAME, name, "network name");
        StorageXml.check(BRIDGE_NAME, bridge, "bridge name");
        Element network = Xml.root("network");
        Xml.text(network, "name", name);
        Element br = Xml.child(network, "bridge");
        br.setAttribute("name", bridge);
        br.setAttribute("stp", "off");
        return Xml.serialize(network);
    }
}
