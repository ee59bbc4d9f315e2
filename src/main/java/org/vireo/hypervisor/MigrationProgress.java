package org.vireo.hypervisor;

/** How far a migration has come: bytes of disks and memory copied of the total, and the time it has taken. */
public record MigrationProgress(long total, long processed, long remaining, long elapsedMillis) {
    /** Whole percent done (0 until libvirt knows the total). */
    public int percent() {
        return total <= 0 ? 0 : (int) Math.min(100, processed * 100 / total);
    }
}
