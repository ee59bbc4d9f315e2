package org.vireo.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.vireo.base.Cidr;
import org.vireo.hypervisor.FirewallSpec;

class FilterXmlTest {
    private static String xpath(String xml, String expression) throws Exception {
        var doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return XPathFactory.newInstance().newXPath().evaluate(expression, doc);
    }

    @Test
    void repliesAndOutboundPassOpenedPortsAcceptNewConnectionsTheRestIsDropped() throws Exception {
        String xml = FilterXml.of(new FirewallSpec(
                "vireo-fw-m1",
                List.of(
                        new FirewallSpec.Rule("tcp", 22, 22, Cidr.parse("0.0.0.0/0")),
                        new FirewallSpec.Rule("udp", 60000, 61000, Cidr.parse("198.51.100.0/24")),
                        new FirewallSpec.Rule("icmp", 0, 0, Cidr.parse("0.0.0.0/0")))));
        assertThat(xpath(xml, "/filter/@name")).isEqualTo("vireo-fw-m1");
        assertThat(xpath(xml, "/filter/filterref/@filter")).isEqualTo("clean-traffic");
        assertThat(xpath(xml, "/filter/rule[1]/@direction")).isEqualTo("out");
        assertThat(xpath(xml, "/filter/rule[1]/all/@state")).isEqualTo("NEW");
        assertThat(xpath(xml, "/filter/rule[2]/all/@state")).isEqualTo("ESTABLISHED,RELATED");
        assertThat(xpath(xml, "/filter/rule[3]/@direction")).isEqualTo("in");
        assertThat(xpath(xml, "/filter/rule[3]/tcp/@dstportstart")).isEqualTo("22");
        assertThat(xpath(xml, "/filter/rule[4]/udp/@dstportend")).isEqualTo("61000");
        assertThat(xpath(xml, "/filter/rule[4]/udp/@srcipaddr")).isEqualTo("198.51.100.0");
        assertThat(xpath(xml, "/filter/rule[4]/udp/@srcipmask")).isEqualTo("24");
        assertThat(xpath(xml, "count(/filter/rule[5]/icmp/@dstportstart)")).isEqualTo("0");
        assertThat(xpath(xml, "/filter/rule[last()]/@action")).isEqualTo("drop");
        assertThat(xpath(xml, "/filter/rule[last()]/@direction")).isEqualTo("inout");
    }

    @Test
    void aRedefinitionCarriesTheFiltersUuidFirst() throws Exception {
        var spec = new FirewallSpec("vireo-fw-m1", List.of());
        String uuid = "6ec045fc-a20d-48af-ac8a-7cf8724dbeec";
        String xml = FilterXml.of(spec, uuid);
        assertThat(xpath(xml, "/filter/*[1]/text()")).isEqualTo(uuid);
        assertThat(xpath(xml, "count(/filter/uuid)")).isEqualTo("1");
        assertThat(xpath(FilterXml.of(spec), "count(/filter/uuid)")).isEqualTo("0");
        assertThatThrownBy(() -> FilterXml.of(spec, "6ec045fc'/><rule")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyValidRulesAndNames() {
        assertThatThrownBy(() -> new FirewallSpec("clean-traffic", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FirewallSpec.Rule("gre", 0, 0, Cidr.parse("0.0.0.0/0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FirewallSpec.Rule("tcp", 0, 22, Cidr.parse("0.0.0.0/0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FirewallSpec.Rule("icmp", 1, 1, Cidr.parse("0.0.0.0/0")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
