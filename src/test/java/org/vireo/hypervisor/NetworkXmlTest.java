package org.vireo.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.vireo.base.Cidr;

class NetworkXmlTest {
    private static String xpath(String xml, String expression) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
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
        assertThatThrownBy(() -> new NetworkSpec("vireo-net-t", "vrb0123456789ab", NetworkMode.NAT,
                Cidr.parse("10.96.7.0/30"))).isInstanceOf(IllegalArgumentException.class);
    }
}
