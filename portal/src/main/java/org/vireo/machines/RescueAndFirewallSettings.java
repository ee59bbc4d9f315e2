package org.vireo.machines;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/** Settings of the machines module outside {@code vireo.machines.*}. */
final class RescueAndFirewallSettings {
    private RescueAndFirewallSettings() {}

    /**
     * {@code vireo.rescue.*}: the rescue system a machine boots from memory (the demo template's kernel and initrd).
     */
    @ConfigurationProperties(prefix = "vireo.rescue")
    record Rescue(Path kernel, Path initrd) {
        Rescue {
            if (kernel == null || initrd == null) {
                throw new IllegalArgumentException("vireo.rescue.kernel and vireo.rescue.initrd must be set");
            }
            kernel = kernel.toAbsolutePath().normalize();
            initrd = initrd.toAbsolutePath().normalize();
        }
    }

    /** {@code vireo.firewall.default}: {@code VIREO_FIREWALL_DEFAULT}, checked by {@link FirewallDefaults}. */
    @ConfigurationProperties(prefix = "vireo.firewall")
    record Firewall(@Name("default") String rules) {
        Firewall {
            rules = rules == null ? "" : rules;
        }
    }
}
