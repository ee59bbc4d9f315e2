package org.vireo.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpTextTest {
    @Test
    void showsIpv6ShortAndLeavesTheRestAlone() {
        assertThat(IpText.shortForm("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(IpText.shortForm("2001:0db8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(IpText.shortForm("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(IpText.shortForm("unknown")).isEqualTo("unknown");
        assertThat(IpText.shortForm(null)).isNull();
    }

    @Test
    void linkLocalAndLoopbackAreNoAddressesToShow() {
        assertThat(IpText.reachable("10.128.0.2")).isTrue();
        assertThat(IpText.reachable("2001:db8::5")).isTrue();
        assertThat(IpText.reachable("fe80::5054:ff:fe12:3456")).isFalse();
        assertThat(IpText.reachable("169.254.3.4")).isFalse();
        assertThat(IpText.reachable("127.0.0.1")).isFalse();
        assertThat(IpText.reachable("::1")).isFalse();
        assertThat(IpText.reachable("not an address")).isFalse();
    }
}
