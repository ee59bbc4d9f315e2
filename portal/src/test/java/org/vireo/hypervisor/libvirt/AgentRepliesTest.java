package org.vireo.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** qemu-guest-agent's answers as a Debian 12 guest gives them. */
class AgentRepliesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theGuestsAddressesButLoopbackInItsOrder() throws Exception {
        var interfaces = JSON.readTree("""
                [{"name":"lo","hardware-address":"00:00:00:00:00:00","ip-addresses":[
                   {"ip-address-type":"ipv4","ip-address":"127.0.0.1","prefix":8},
                   {"ip-address-type":"ipv6","ip-address":"::1","prefix":128}]},
                 {"name":"enp1s0","hardware-address":"52:54:00:12:34:56","ip-addresses":[
                   {"ip-address-type":"ipv4","ip-address":"192.0.2.5","prefix":24},
                   {"ip-address-type":"ipv6","ip-address":"fe80::5054:ff:fe12:3456","prefix":64}]},
                 {"name":"docker0","hardware-address":"02:42:00:00:00:01"}]""");
        assertThat(AgentReplies.addresses(interfaces)).containsExactly("192.0.2.5", "fe80::5054:ff:fe12:3456");
    }

    @Test
    void osNamePrefersThePrettyName() throws Exception {
        assertThat(AgentReplies.osName(JSON.readTree(
                        "{\"name\":\"Debian GNU/Linux\",\"pretty-name\":\"Debian GNU/Linux 12 (bookworm)\"}")))
                .isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(AgentReplies.osName(JSON.readTree("{\"name\":\"Debian GNU/Linux\"}")))
                .isEqualTo("Debian GNU/Linux");
        assertThat(AgentReplies.osName(JSON.readTree("{}"))).isNull();
        assertThat(AgentReplies.hostname(JSON.readTree("{\"host-name\":\"deb-1\"}")))
                .isEqualTo("deb-1");
    }

    @Test
    void aHostileAgentsAnswersAreCutToSizeAndChecked() throws Exception {
        String huge = "x".repeat(3_000_000);
        assertThat(AgentReplies.osName(JSON.readTree("{\"pretty-name\":\"" + huge + "\"}")))
                .hasSize(AgentReplies.MAX_OS_NAME);
        assertThat(AgentReplies.osName(JSON.readTree("{\"pretty-name\":\"Evil\\u0007\\nOS\"}")))
                .isEqualTo("Evil  OS");
        assertThat(AgentReplies.hostname(JSON.readTree("{\"host-name\":\"" + huge + "\"}")))
                .isNull();
        assertThat(AgentReplies.hostname(JSON.readTree("{\"host-name\":\"<script>\"}")))
                .isNull();
        assertThat(AgentReplies.hostname(JSON.readTree("{\"host-name\":\"web-1.example.org\"}")))
                .isEqualTo("web-1.example.org");
        var many = new StringBuilder("[{\"name\":\"eth0\",\"ip-addresses\":[");
        many.append("{\"ip-address\":\"not.an.address.example\"},{\"ip-address\":\"999.1.1.1\"},");
        for (int i = 0; i < 40; i++) {
            many.append(i == 0 ? "" : ",")
                    .append("{\"ip-address\":\"192.0.2.")
                    .append(i + 1)
                    .append("\"}");
        }
        many.append("]}]");
        var addresses = AgentReplies.addresses(JSON.readTree(many.toString()));
        assertThat(addresses)
                .hasSize(AgentReplies.MAX_ADDRESSES)
                .startsWith("192.0.2.1")
                .allMatch(a -> a.startsWith("192.0.2."));
    }
}
