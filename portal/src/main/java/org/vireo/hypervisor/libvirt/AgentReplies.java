package org.vireo.hypervisor.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads qemu-guest-agent's JSON answers (the {@code return} member of each). The guest is hostile: what it says
 * is cut to size and checked before anything shows it ({@value #MAX_OS_NAME} characters of OS name without
 * control characters, a valid host name of at most 253, at most {@value #MAX_ADDRESSES} IP literals).
 */
final class AgentReplies {
    static final int MAX_OS_NAME = 100;
    static final int MAX_ADDRESSES = 16;
    private static final Pattern HOST_NAME =
            Pattern.compile("^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,"
                    + "61}[A-Za-z0-9])?)*$");

    private AgentReplies() {}

    static String osName(JsonNode osinfo) {
        String name = osinfo.hasNonNull("pretty-name")
                ? osinfo.get("pretty-name").asText()
                : osinfo.hasNonNull("name") ? osinfo.get("name").asText() : null;
        if (name == null) {
            return null;
        }
        name = name.replaceAll("\\p{Cntrl}", " ").strip();
        name = name.length() > MAX_OS_NAME ? name.substring(0, MAX_OS_NAME) : name;
        return name.isEmpty() ? null : name;
    }

    static String hostname(JsonNode hostName) {
        String name =
                hostName.hasNonNull("host-name") ? hostName.get("host-name").asText() : null;
        return name != null && HOST_NAME.matcher(name).matches() ? name : null;
    }

    /**
     * From {@code guest-network-get-interfaces}: every address but loopback ones, in the guest's order, the first
     * {@value #MAX_ADDRESSES} that are IP literals.
     */
    static List<String> addresses(JsonNode interfaces) {
        var result = new ArrayList<String>();
        for (var iface : interfaces) {
            if ("lo".equals(iface.path("name").asText())) {
                continue;
            }
            for (var ip : iface.path("ip-addresses")) {
                String address = literal(ip.path("ip-address").asText(""));
                if (address != null && !address.startsWith("127.") && !address.equals("::1")) {
                    result.add(address);
                    if (result.size() == MAX_ADDRESSES) {
                        return result;
                    }
                }
            }
        }
        return result;
    }

    /** The text when it is an IPv4 or IPv6 literal (parsed, never looked up), else null. */
    private static String literal(String text) {
        return text.length() <= 45 && (NetUtil.isValidIpV4Address(text) || NetUtil.isValidIpV6Address(text))
                ? text
                : null;
    }
}
