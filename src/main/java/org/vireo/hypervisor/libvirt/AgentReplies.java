package org.vireo.hypervisor.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads qemu-guest-agent's JSON answers (the {@code return} member of each). */
final class AgentReplies {
    private AgentReplies() {
    }

    static String osName(JsonNode osinfo) {
        return osinfo.hasNonNull("pretty-name") ? osinfo.get("pretty-name").asText()
                : osinfo.hasNonNull("name") ? osinfo.get("name").asText() : null;
    }

    static String hostname(JsonNode hostName) {
        return hostName.hasNonNull("host-name") ? hostName.get("host-name").asText() : null;
    }

    /** From {@code guest-network-get-interfaces}: every address but loopback ones, in the guest's order. */
    static List<String> addresses(JsonNode interfaces) {
        var result = new ArrayList<String>();
        for (var iface : interfaces) {
            if ("lo".equals(iface.path("name").asText())) {
                continue;
            }
            for (var ip : iface.path("ip-addresses")) {
                String address = ip.path("ip-address").asText("");
                if (!address.isEmpty() && !address.startsWith("127.") && !address.equals("::1")) {
                    result.add(address);
                }
            }
        }
        return result;
    }
}
