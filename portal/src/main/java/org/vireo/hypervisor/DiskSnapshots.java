package org.vireo.hypervisor;

/** Disk snapshots: a chain of external qcow2 overlays. */
public interface DiskSnapshots {

    /** The volume the domain's first disk ({@code vda}) writes to now. */
    String diskVolume(String domainName);

    /**
     * Freezes the domain's disk and continues on a new overlay volume {@code overlayVolume} backed by it, running
     * (libvirt's external disk-only snapshot, atomic) or shut off (a new overlay and a changed definition).
     * Returns the frozen volume's name.
     */
    String snapshotDisk(String domainName, String overlayVolume);

    /**
     * Merges {@code topVolume} into {@code baseVolume}, the volume directly below it in the domain's disk chain,
     * and deletes {@code topVolume}; if it was the disk the domain writes to, the domain then writes to
     * {@code baseVolume}. libvirt's block commit (active commit and pivot for the top of the chain); a shut-off
     * domain is started paused for it and powered off again.
     */
    void mergeDisk(String domainName, String baseVolume, String topVolume);

    /**
     * For a shut-off domain: a new empty overlay {@code overlayVolume} of {@code sizeGiB} on {@code baseVolume}
     * becomes the domain's disk (the disk returns to the state frozen in {@code baseVolume}).
     */
    void resetDisk(String domainName, String baseVolume, String overlayVolume, int sizeGiB);
}
