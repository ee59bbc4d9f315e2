package org.vireo.hypervisor.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.hypervisor.Accelerator;

/**
 * The accelerator guests of a host run with: the one configured ({@code VIREO_ACCELERATOR}, or a registered host's),
 * else the one {@code scripts/setup-host} recorded in {@code home/accelerator}, else TCG; and where it came from.
 */
record ChosenAccelerator(Accelerator accelerator, String source) {
    private static final Logger log = LoggerFactory.getLogger(ChosenAccelerator.class);

    static ChosenAccelerator of(String configured, Path home) {
        if (configured != null && !configured.isBlank()) {
            return new ChosenAccelerator(Accelerator.parse(configured), "VIREO_ACCELERATOR");
        }
        var recorded = home.resolve("accelerator");
        Accelerator found = null;
        try {
            if (Files.isRegularFile(recorded)) {
                found = Accelerator.parse(Files.readString(recorded));
            }
        } catch (IOException | IllegalArgumentException e) {
            log.warn("cannot read recorded accelerator {}: {}", recorded, e.getMessage());
        }
        if (found == null) {
            log.warn("no accelerator recorded in {} (run scripts/setup-host); using TCG", recorded);
            return new ChosenAccelerator(Accelerator.TCG, "default");
        }
        return new ChosenAccelerator(found, recorded.toString());
    }
}
