package org.vireo.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.vireo.base.Cidr;
import org.vireo.hypervisor.NetworkMode;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.hypervisor.SpecValues;

class NetworkXmlTest {
    private static String xpath(String xml, String expression) throws Exception {
        var doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return XPathFactory.newInstance().newXPath().evaluate(expression, doc);
    }

    private static String of(NetworkMode mode) {
        return NetworkXml.of(new NetworkSpec("vireo-net-t", "vrb0123456789ab", mode, Cidr.parse("10.96.7.0/24")));
    }

    @Test
    void natHasGatewayDhcpAndForwarding() throws Exception {
        String xml = of(NetworkMode.NAT);
        assertThat(xpath(xml, "/network/forward/@mode")).isEqualTo("nat");
        assertThat(xpath(xml, "/network/bridge/@name")).isEqualTo("vrb0123456789ab");
        assertThat(xpath(xml, "/network/bridge/@stp")).isEqualTo("off");
        assertThat(xpath(xml, "/network/ip/@address")).isEqualTo("10.96.7.1");
        assertThat(xpath(xml, "/network/ip/@netmask")).isEqualTo("255.255.255.0");
        assertThat(xpath(xml, "count(/network/ip/dhcp)")).isEqualTo("1");
        // only reserved addresses are handed out: no range
        assertThat(xpath(xml, "count(/network/ip/dhcp/range)")).isEqualTo("0");
    }

    @Test
    void noneHasNoForwardingAndIsolatedNoHostAddress() throws Exception {
        String none = of(NetworkMode.NONE);
        assertThat(xpath(none, "count(/network/forward)")).isEqualTo("0");
        assertThat(xpath(none, "/network/ip/@address")).isEqualTo("10.96.7.1");
        String isolated = of(NetworkMode.ISOLATED);
        assertThat(xpath(isolated, "count(/network/forward)")).isEqualTo("0");
        assertThat(xpath(isolated, "count(/network/ip)")).isEqualTo("0");
    }

    @Test
    void dhcpHostTakesOnlyValidValues() throws Exception {
        String host = NetworkXml.dhcpHost("52:54:00:aa:bb:cc", "10.96.7.2", "web-1");
        assertThat(xpath(host, "/host/@mac")).isEqualTo("52:54:00:aa:bb:cc");
        assertThat(xpath(host, "/host/@ip")).isEqualTo("10.96.7.2");
        assertThat(xpath(host, "/host/@name")).isEqualTo("web-1");
        // a machine name that is no DNS label is left out, not escaped into the host's DNS
        assertThat(xpath(NetworkXml.dhcpHost("52:54:00:aa:bb:cc", "10.96.7.2", "Web Server"), "count(/host/@name)"))
                .isEqualTo("0");
        assertThatThrownBy(() -> NetworkXml.dhcpHost("52:54:00:aa:bb:cc\"/>", "10.96.7.2", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetworkXml.dhcpHost("52:54:00:aa:bb:cc", "10.96.7.2'", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new NetworkSpec("vireo-net-t", "vrb0123456789ab", NetworkMode.NAT, Cidr.parse("10.96.7.0/30")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shapeReadsLibvirtsOwnXmlAsVireosAndTellsModesApart() {
        // as libvirt 9.0 dumps a NAT network Vireo defined: uuid, MAC, NAT ports and DHCP hosts added
        String dumped = """
                <network>
                  <name>vireo-net-t</name>
                  <uuid>2f0b9c4e-1111-2222-3333-444455556666</uuid>
                  <forward mode='nat'><nat><port start='1024' end='65535'/></nat></forward>
                  <bridge name='vrb0123456789ab' stp='off' delay='0'/>
                  <mac address='52:54:00:12:34:56'/>
                  <ip address='10.96.7.1' prefix='24'>
                    <dhcp><host mac='52:54:00:aa:bb:cc' name='web-1' ip='10.96.7.2'/></dhcp>
                  </ip>
                </network>""";
        assertThat(NetworkXml.shape(dumped)).isEqualTo(NetworkXml.shape(of(NetworkMode.NAT)));
        assertThat(NetworkXml.hasDhcpHost(dumped, "52:54:00:AA:BB:CC", "10.96.7.2"))
                .isTrue();
        assertThat(NetworkXml.hasDhcpHost(dumped, "52:54:00:aa:bb:cc", "10.96.7.3"))
                .isFalse();
        assertThat(NetworkXml.hasDhcpHost(dumped, "52:54:00:aa:bb:cd", "10.96.7.2"))
                .isFalse();
        assertThat(NetworkXml.shape(of(NetworkMode.NAT))).isNotEqualTo(NetworkXml.shape(of(NetworkMode.NONE)));
        // the network of a Vireo before private addresses: bare layer 2, as ISOLATED is today
        String old = "<network><name>vireo-net-t</name><bridge name='vrb0123456789ab' stp='off'/></network>";
        assertThat(NetworkXml.shape(old))
                .isEqualTo(NetworkXml.shape(of(NetworkMode.ISOLATED)))
                .isNotEqualTo(NetworkXml.shape(of(NetworkMode.NONE)));
    }

    @Test
    void everyAddressHasItsStaticEntryFromTheStartUnderItsOwnMac() throws Exception {
        String xml = of(NetworkMode.NONE);
        // .2 to .254: the gateway (.1) and the broadcast address (.255) have none
        assertThat(xpath(xml, "count(/network/ip/dhcp/host)")).isEqualTo("253");
        assertThat(xpath(xml, "/network/ip/dhcp/host[@ip='10.96.7.2']/@mac")).isEqualTo("52:54:00:60:07:02");
        assertThat(xpath(xml, "/network/ip/dhcp/host[@ip='10.96.7.254']/@mac")).isEqualTo("52:54:00:60:07:fe");
        assertThat(xpath(xml, "count(/network/ip/dhcp/host[@ip='10.96.7.1'])")).isEqualTo("0");
        assertThat(SpecValues.macFor("10.143.255.9")).isEqualTo("52:54:00:8f:ff:09");
        assertThat(NetworkXml.hasDhcpHost(xml, "52:54:00:60:07:02", "10.96.7.2"))
                .isTrue();
        // a machine that kept another MAC for .2: the address's own entry makes way, and nothing else
        var making = NetworkXml.dhcpHostsHolding(xml, "52:54:00:0d:00:01", "10.96.7.2");
        assertThat(making).hasSize(1);
        assertThat(xpath(making.get(0), "/host/@mac")).isEqualTo("52:54:00:60:07:02");
        assertThat(xpath(making.get(0), "/host/@ip")).isEqualTo("10.96.7.2");
        // larger subnets get their entries one by one
        String large = NetworkXml.of(
                new NetworkSpec("vireo-net-t", "vrb0123456789ab", NetworkMode.NONE, Cidr.parse("10.96.0.0/20")));
        assertThat(xpath(large, "count(/network/ip/dhcp/host)")).isEqualTo("0");
    }
}
