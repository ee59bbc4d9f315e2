package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/** The host's part of Vireo's storage pool: qcow2 volumes, seeds, copies of templates. */
public interface HostStorage {

    /**
     * Creates a qcow2 volume of {@code sizeGiB}: an overlay on {@code backingImage} (read-only base, of
     * {@code backingFormat} {@code qcow2} (also when null) or {@code raw}) when given, else an empty disk. Returns
     * its path.
     */
    Path createDisk(String volumeName, Path backingImage, String backingFormat, int sizeGiB);

    /**
     * Creates a cloud-init NoCloud seed (an ISO 9660 volume labelled {@code cidata} holding {@code meta-data} and
     * {@code user-data}, and {@code network-config} unless null) as a volume of Vireo's pool; returns its path.
     */
    Path createSeed(String volumeName, String metaData, String userData, String networkConfig);

    /** The files of a seed {@link #createSeed} made (name → content), read back through the storage stream. */
    Map<String, byte[]> readSeed(String volumeName);

    /**
     * Copies a file of the portal's machine into a volume of this host's pool through libvirt (so it works for
     * remote hosts), unless a finished copy of the same content is there already; the volume is named
     * {@code volumeName} with the content's key before its extension (so a changed file is copied anew).
     * {@code progress} hears the share copied (0 to 1). Returns the volume's path on the host.
     */
    Path copyToPool(String volumeName, Path source, DoubleConsumer progress);

    /** Deletes the volume; a missing one is ignored. */
    void deleteDisk(String volumeName);

    boolean diskExists(String volumeName);

    /** Grows a volume to {@code sizeGiB} (never shrinks it). */
    void growDisk(String volumeName, int sizeGiB);

    /** Names of the pool's volumes that start with {@code prefix}. */
    List<String> volumes(String prefix);

    /** Capacity, allocation and free space of Vireo's storage pool, in bytes. */
    PoolInfo poolInfo();
}
