package org.vireo.hypervisor;

import java.util.Locale;

/**
 * How far a migration has come: bytes of disks and memory copied of the total, what is left of the disks' copy
 * (which comes first), and the time it has taken.
 */
public record MigrationProgress(
        long total, long processed, long remaining, long elapsedMillis, long diskTotal, long diskRemaining) {
    /** Whole percent done (0 until libvirt knows the total). */
    public int percent() {
        return total <= 0 ? 0 : (int) Math.min(100, processed * 100 / total);
    }

    /** {@code disk} while the disks are copied, then {@code memory}. */
    public String phase() {
        return diskTotal > 0 && diskRemaining > 0 ? "disk" : "memory";
    }

    /** For a machine's state detail: {@code 42 % (disk, 120 of 300 MiB copied, 180 MiB left)}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%d %% (%s, %d of %d MiB copied, %d MiB left)",
                percent(),
                phase(),
                processed >> 20,
                total >> 20,
                remaining >> 20);
    }
}
