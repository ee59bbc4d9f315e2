package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.List;

/**
 * Backups of a domain's first disk ({@code vda}) into a backup pool: a directory on the host apart from the machine
 * pool. A running domain is backed up through libvirt's backup API (push mode) with a checkpoint (a qcow2 dirty
 * bitmap) named after each backup, so the next one can take only what changed since: an incremental backup is a
 * qcow2 volume holding the changed clusters over its base backup. A shut-off domain is backed up by a whole copy.
 */
public interface DiskBackups {
    /** strerror(ENOSPC) as QEMU and libvirt word it; a failure naming it is a full backup target. */
    String NO_SPACE = "No space left on device";

    /** Where backups go on a host: libvirt's directory pool {@code poolName} at {@code dir}. */
    record BackupPool(String poolName, Path dir) {}

    /**
     * Backs up the domain's disk into a new volume {@code volume} of {@code pool} and waits for it: whole
     * ({@code base} null), or the changes since checkpoint {@code base.checkpoint()} over the volume
     * {@code base.volume()} that backup wrote. A running domain gets the new checkpoint {@code checkpoint} when its
     * disk can keep one, with its file systems frozen by the guest agent while the backup begins when the agent
     * answers. A failed backup leaves
     * neither its volume nor its checkpoint.
     */
    BackupWritten backupDisk(String domainName, BackupPool pool, String volume, String checkpoint, Base base);

    /** The backup an incremental one builds on: its checkpoint and its volume. */
    record Base(String checkpoint, String volume) {}

    /**
     * What a backup wrote: whether it ran live, whether it left its checkpoint (a live one on a disk that can keep
     * dirty bitmaps: qcow2 v3; older disks are backed up whole each time), whether the guest was frozen, its size.
     */
    record BackupWritten(boolean live, boolean checkpointed, boolean frozen, long storedBytes) {}

    /**
     * Makes the volume {@code target} of the machine pool a whole copy of the disk as backup {@code volume} holds it
     * (its base backups included); returns its path.
     */
    Path restoreDisk(BackupPool pool, String volume, String target);

    /** Deletes a backup volume; a missing one is ignored. */
    void deleteBackup(BackupPool pool, String volume);

    /** The bytes a backup volume takes on its pool's file system (0 when it is missing). */
    long backupBytes(BackupPool pool, String volume);

    /** The names of the domain's checkpoints (empty for a domain that is gone). */
    List<String> checkpoints(String domainName);

    /**
     * Deletes a checkpoint (its changes fold into the one before it); one whose bitmap is gone from the disk (a new
     * disk, a move) is dropped from libvirt's records only.
     */
    void deleteCheckpoint(String domainName, String checkpoint);
}
