package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** VIREO_FIREWALL_DEFAULT: the rules a machine's firewall starts with. */
class FirewallDefaultsTest {
    private static FirewallDefaults defaults(String text) {
        return new FirewallDefaults(new RescueAndFirewallSettings.Firewall(text));
    }

    @Test
    void theDefaultOpensSshFromAnywhere() {
        assertThat(defaults("tcp 22").rules()).containsExactly(new FirewallRule("tcp", "22", "0.0.0.0/0"));
    }

    @Test
    void severalRulesWithPortRangesSourcesAndIcmp() {
        assertThat(defaults("tcp 22, udp 60000-61000 198.51.100.0/24 ,icmp 192.0.2.0/24")
                        .rules())
                .containsExactly(
                        new FirewallRule("tcp", "22", "0.0.0.0/0"),
                        new FirewallRule("udp", "60000-61000", "198.51.100.0/24"),
                        new FirewallRule("icmp", null, "192.0.2.0/24"));
        assertThat(defaults("").rules()).isEmpty();
    }

    @Test
    void aBadDefaultStopsThePortal() {
        assertThatThrownBy(() -> defaults("tcp 70000"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VIREO_FIREWALL_DEFAULT");
        assertThatThrownBy(() -> defaults("gre")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> defaults("tcp 22 0.0.0.0/0 extra")).isInstanceOf(IllegalStateException.class);
    }
}
