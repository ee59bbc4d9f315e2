package org.vireo.machines;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.vireo.base.InvalidInputException;

/**
 * The inbound rules a machine's firewall starts with, {@code VIREO_FIREWALL_DEFAULT}: comma-separated rules of the
 * form {@code PROTOCOL [PORTS] [SOURCE]} ({@code tcp 22}, {@code udp 60000-61000 198.51.100.0/24},
 * {@code icmp}); empty: nothing opened. Checked at start: a bad default stops the portal.
 */
@Component
@EnableConfigurationProperties(RescueAndFirewallSettings.Firewall.class)
class FirewallDefaults {
    private final List<FirewallRule> rules;

    FirewallDefaults(RescueAndFirewallSettings.Firewall settings) {
        String text = settings.rules();
        this.rules = parse(text);
        try {
            MachineFirewalls.check(rules);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("VIREO_FIREWALL_DEFAULT: " + e.getMessage() + " in '" + text + "'");
        }
    }

    List<FirewallRule> rules() {
        return rules;
    }

    static List<FirewallRule> parse(String text) {
        var result = new ArrayList<FirewallRule>();
        if (text == null) {
            return result;
        }
        for (String part : text.split(",")) {
            String[] words = part.strip().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String protocol = words[0];
            boolean icmp = protocol.equals("icmp");
            String ports = icmp || words.length < 2 ? null : words[1];
            int sourceAt = icmp ? 1 : 2;
            String source = words.length > sourceAt ? words[sourceAt] : "0.0.0.0/0";
            if (words.length > sourceAt + 1) {
                throw new IllegalStateException("VIREO_FIREWALL_DEFAULT: cannot read '" + part.strip() + "'");
            }
            result.add(new FirewallRule(protocol, ports, source));
        }
        return List.copyOf(result);
    }
}
