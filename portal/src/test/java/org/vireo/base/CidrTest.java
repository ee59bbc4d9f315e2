package org.vireo.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void parsesSplitsAndFormats() {
        var plan = Cidr.parse("10.96.0.0/12");
        assertThat(plan.size()).isEqualTo(1 << 20);
        assertThat(plan.subnet(0, 24)).hasToString("10.96.0.0/24");
        assertThat(plan.subnet(257, 24)).hasToString("10.97.1.0/24");
        assertThat(plan.subnet(4095, 24)).hasToString("10.111.255.0/24");
        assertThatThrownBy(() -> plan.subnet(4096, 24)).isInstanceOf(IllegalArgumentException.class);
        var subnet = plan.subnet(3, 24);
        assertThat(Cidr.format(subnet.at(1))).isEqualTo("10.96.3.1");
        assertThat(subnet.netmask()).isEqualTo("255.255.255.0");
        assertThat(subnet.contains("10.96.3.254")).isTrue();
        assertThat(subnet.contains("10.96.4.1")).isFalse();
        assertThat(plan.overlaps(Cidr.parse("10.100.0.0/16"))).isTrue();
        assertThat(plan.overlaps(Cidr.parse("10.112.0.0/16"))).isFalse();
        assertThat(Cidr.parse("192.0.2.0/24").netmask()).isEqualTo("255.255.255.0");
        assertThat(Cidr.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
    }

    @Test
    void refusesWhatIsNotACidr() {
        for (String bad : new String[] {
            "10.96.0.1/24",
            "10.96.0.0",
            "10.96.0.0/33",
            "256.0.0.0/8",
            "10.96.0.0/",
            "10.96.0.0/24/1",
            "010.96.0.0/24",
            " /24",
            "a.b.c.d/8",
            "10.96.0.0/-1",
            "10.96.*.0/24",
            "10.96/16",
            "0x0a.0.0.0/8",
            "10.96.0-1.0/24",
            "::1/128",
            "10.96.0.0/255.255.0.0",
            "*",
            ""
        }) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[] {
            "10.1", "10.0.0.1/32", "010.0.0.1", "10.0.0.256", "::1", "10.0.0.*", "1.2.3.4 5", "167772161", null
        }) {
            assertThatThrownBy(() -> Cidr.address(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Cidr.format(Cidr.address("203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(Cidr.format(Cidr.address("255.255.255.255"))).isEqualTo("255.255.255.255");
    }
}
