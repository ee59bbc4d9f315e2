package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.is;
import static org.vireo.hypervisor.libvirt.LibvirtSession.lookup;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.Libvirt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.base.Xml;
import org.vireo.hypervisor.DiskBackups;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.SpecValues;
import org.w3c.dom.Element;

/**
 * {@link DiskBackups} over libvirt: push-mode backups ({@code virDomainBackupBegin}, which libvirt-java binds) into
 * volumes of a directory pool, created beforehand through the storage API (an incremental one as a qcow2 overlay on
 * its base backup, so the clusters QEMU does not write read through to it); checkpoints through JNA, which
 * libvirt-java 0.5.4 does not bind.
 */
final class LibvirtDiskBackups implements DiskBackups {
    private static final Logger log = LoggerFactory.getLogger(LibvirtDiskBackups.class);
    private static final String DISK = "vda";
    private static final Pattern CHECKPOINT = Pattern.compile("^[a-z0-9][a-z0-9.-]{0,62}$");
    private static final Pattern POOL_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    /** virDomainBackupBeginFlags: the target volume exists (made through the storage API). */
    private static final int REUSE_EXTERNAL = 1;
    /** virDomainGetJobStatsFlags: the last completed job's figures. */
    private static final int JOB_STATS_COMPLETED = 1;
    /** virDomainJobType. */
    private static final int JOB_COMPLETED = 3;
    /** virDomainCheckpointListFlags: parents before their children. */
    private static final int LIST_TOPOLOGICAL = 2;
    /** virDomainCheckpointDeleteFlags. */
    private static final int CHECKPOINT_METADATA_ONLY = 2;

    private static final int FREEZE_TIMEOUT_SECONDS = 10;
    /** A target with less room than this when a backup failed was full (QEMU's job reports no reason libvirt-java
     * returns). */
    private static final long FULL_BELOW_BYTES = 64L << 20;

    interface Api extends Library {
        Api INSTANCE = Native.load("virt", Api.class);

        Pointer virDomainCheckpointLookupByName(DomainPointer domain, String name, int flags);

        int virDomainCheckpointDelete(Pointer checkpoint, int flags);

        int virDomainCheckpointFree(Pointer checkpoint);

        int virDomainListAllCheckpoints(DomainPointer domain, PointerByReference checkpoints, int flags);

        String virDomainCheckpointGetName(Pointer checkpoint);
    }

    private static final Field POINTER;

    static {
        try {
            POINTER = Domain.class.getDeclaredField("vdp");
            POINTER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LibvirtSession session;
    private final LibvirtStorage storage;

    LibvirtDiskBackups(LibvirtSession session, LibvirtStorage storage) {
        this.session = session;
        this.storage = storage;
    }

    @Override
    public BackupWritten backupDisk(String domainName, BackupPool pool, String volume, String checkpoint, Base base) {
        SpecValues.check(SpecValues.VOLUME_NAME, volume, "volume name");
        SpecValues.check(CHECKPOINT, checkpoint, "checkpoint name");
        if (base != null) {
            SpecValues.check(CHECKPOINT, base.checkpoint(), "checkpoint name");
            SpecValues.check(SpecValues.VOLUME_NAME, base.volume(), "volume name");
        }
        return session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            StoragePool target = backupPool(c, pool);
            if (d.isActive() != 1) {
                return copyWhole(c, d, target, volume);
            }
            long capacity = d.blockInfo(DISK).getCapacity();
            boolean bitmaps = keepsBitmaps(c, d);
            if (base != null && !bitmaps) {
                throw new HypervisorException("the disk of " + domainName + " keeps no checkpoints (qcow2 v2)", null);
            }
            Path basePath = base == null
                    ? null
                    : Path.of(target.storageVolLookupByName(base.volume()).getPath());
            StorageVol vol = target.storageVolCreateXML(StorageXml.qcow2VolumeOfBytes(volume, capacity, basePath), 0);
            boolean began = false;
            boolean frozen = false;
            try {
                frozen = freeze(d);
                try {
                    d.backupBegin(
                            backupXml(vol.getPath(), base == null ? null : base.checkpoint()),
                            bitmaps ? checkpointXml(checkpoint) : null,
                            REUSE_EXTERNAL);
                    began = true;
                } finally {
                    if (frozen) {
                        thaw(d);
                    }
                }
                awaitJob(d, domainName);
                LibvirtStorage.refreshQuietly(target);
                return new BackupWritten(true, bitmaps, frozen, allocation(target, volume));
            } catch (LibvirtException | RuntimeException e) {
                if (began && bitmaps) {
                    deleteCheckpointQuietly(d, checkpoint);
                }
                var told = targetFull(target, e);
                deleteQuietly(target, volume);
                throw told;
            }
        });
    }

    /** A shut-off domain: its disk chain copied into one volume, no checkpoint (the next live one takes its own). */
    private BackupWritten copyWhole(Connect c, Domain d, StoragePool target, String volume) throws LibvirtException {
        Path source = DomainDocument.parse(LibvirtSession.definedXml(d)).diskSource(DISK);
        if (source == null) {
            throw new HypervisorException("the domain " + d.getName() + " has no disk " + DISK, null);
        }
        StorageVol disk = c.storageVolLookupByPath(source.toString());
        long capacity = disk.getInfo().capacity;
        try {
            target.storageVolCreateXMLFrom(StorageXml.qcow2VolumeOfBytes(volume, capacity, null), disk, 0);
        } catch (LibvirtException | RuntimeException e) {
            var told = targetFull(target, e);
            deleteQuietly(target, volume);
            throw told;
        }
        LibvirtStorage.refreshQuietly(target);
        return new BackupWritten(false, false, false, allocation(target, volume));
    }

    /** Whether the volume the domain writes to is qcow2 v3, which keeps dirty bitmaps (v2, the old default, cannot). */
    private static boolean keepsBitmaps(Connect c, Domain d) throws LibvirtException {
        Path source = DomainDocument.parse(LibvirtSession.liveXml(d)).diskSource(DISK);
        if (source == null) {
            return false;
        }
        try {
            var xpath = XPathFactory.newInstance().newXPath();
            var xml = Xml.parse(c.storageVolLookupByPath(source.toString()).getXMLDesc(0));
            String format = (String) xpath.evaluate("/volume/target/format/@type", xml, XPathConstants.STRING);
            String compat = (String) xpath.evaluate("/volume/target/compat", xml, XPathConstants.STRING);
            return "qcow2".equals(format)
                    && !compat.isBlank()
                    && !compat.strip().equals("0.10");
        } catch (XPathExpressionException e) {
            return false;
        }
    }

    /** Waits for the domain's backup job to end; a failed or cancelled one is an exception. */
    private static void awaitJob(Domain d, String domainName) throws LibvirtException {
        while (d.getJobInfo().getType() != LibvirtFlags.JobType.NONE) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                d.abortJob();
                throw new HypervisorException("the backup of " + domainName + " was interrupted", e);
            }
        }
        int type = d.getJobStats(JOB_STATS_COMPLETED).type;
        if (type != JOB_COMPLETED) {
            throw new HypervisorException("the backup of " + domainName + " did not complete (job " + type + ")", null);
        }
    }

    /** Freezes the guest's file systems through its agent; false when no agent answers. */
    private static boolean freeze(Domain d) {
        try {
            d.qemuAgentCommand("{\"execute\":\"guest-fsfreeze-freeze\"}", FREEZE_TIMEOUT_SECONDS, 0);
            return true;
        } catch (LibvirtException e) {
            log.debug("{}: no freeze ({})", d, e.getMessage());
            return false;
        }
    }

    private static void thaw(Domain d) {
        try {
            d.qemuAgentCommand("{\"execute\":\"guest-fsfreeze-thaw\"}", FREEZE_TIMEOUT_SECONDS, 0);
        } catch (LibvirtException e) {
            log.warn("thawing the guest's file systems failed: {}", e.getMessage());
        }
    }

    static String backupXml(String targetFile, String sinceCheckpoint) {
        SpecValues.checkPath("path", Path.of(targetFile));
        Element backup = Xml.attr(Xml.root("domainbackup"), "mode", "push");
        if (sinceCheckpoint != null) {
            Xml.text(backup, "incremental", sinceCheckpoint);
        }
        Element disk = Xml.child(Xml.child(backup, "disks"), "disk");
        Xml.attr(disk, "name", DISK);
        Xml.attr(disk, "backup", "yes");
        Xml.attr(disk, "type", "file");
        Xml.attr(Xml.child(disk, "target"), "file", targetFile);
        Xml.attr(Xml.child(disk, "driver"), "type", "qcow2");
        return Xml.serialize(backup);
    }

    static String checkpointXml(String name) {
        Element checkpoint = Xml.root("domaincheckpoint");
        Xml.text(checkpoint, "name", name);
        Element disk = Xml.child(Xml.child(checkpoint, "disks"), "disk");
        Xml.attr(disk, "name", DISK);
        Xml.attr(disk, "checkpoint", "bitmap");
        return Xml.serialize(checkpoint);
    }

    @Override
    public Path restoreDisk(BackupPool pool, String volume, String target) {
        SpecValues.check(SpecValues.VOLUME_NAME, volume, "volume name");
        SpecValues.check(SpecValues.VOLUME_NAME, target, "volume name");
        return session.call(c -> {
            StorageVol backup = backupPool(c, pool).storageVolLookupByName(volume);
            StoragePool machines = storage.pool(c);
            try {
                StorageVol made = machines.storageVolCreateXMLFrom(
                        StorageXml.qcow2VolumeOfBytes(target, backup.getInfo().capacity, null), backup, 0);
                return Path.of(made.getPath());
            } catch (LibvirtException | RuntimeException e) {
                storage.deleteVolumeQuietly(c, target);
                throw e;
            }
        });
    }

    @Override
    public void deleteBackup(BackupPool pool, String volume) {
        SpecValues.check(SpecValues.VOLUME_NAME, volume, "volume name");
        session.call(c -> {
            deleteQuietly(backupPool(c, pool), volume);
            return null;
        });
    }

    @Override
    public long backupBytes(BackupPool pool, String volume) {
        SpecValues.check(SpecValues.VOLUME_NAME, volume, "volume name");
        return session.call(c -> allocation(backupPool(c, pool), volume));
    }

    @Override
    public List<String> checkpoints(String domainName) {
        return session.call(c -> {
            Domain d = lookup(c, domainName);
            return d == null ? List.<String>of() : checkpoints(d);
        });
    }

    /**
     * Deletes all of the domain's checkpoints, newest first (before a live migration: libvirt does not move them
     * and the target's disk would have bitmaps no record names; the next backup is whole).
     */
    static void dropCheckpoints(Domain d) throws LibvirtException {
        var names = checkpoints(d);
        for (int i = names.size() - 1; i >= 0; i--) {
            deleteCheckpoint(d, names.get(i));
        }
    }

    private static List<String> checkpoints(Domain d) throws LibvirtException {
        var names = new ArrayList<String>();
        var list = new PointerByReference();
        int n;
        try {
            n = Api.INSTANCE.virDomainListAllCheckpoints(pointer(d), list, LIST_TOPOLOGICAL);
        } finally {
            Reference.reachabilityFence(d); // see pointer(d)
        }
        if (n < 0) {
            throw lastError("listing checkpoints failed");
        }
        if (n > 0) {
            for (Pointer cp : list.getValue().getPointerArray(0, n)) {
                names.add(Api.INSTANCE.virDomainCheckpointGetName(cp));
                Api.INSTANCE.virDomainCheckpointFree(cp);
            }
        }
        if (list.getValue() != null) {
            Native.free(Pointer.nativeValue(list.getValue()));
        }
        return names;
    }

    @Override
    public void deleteCheckpoint(String domainName, String checkpoint) {
        SpecValues.check(CHECKPOINT, checkpoint, "checkpoint name");
        session.call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null) {
                deleteCheckpoint(d, checkpoint);
            }
            return null;
        });
    }

    private static void deleteCheckpoint(Domain d, String name) throws LibvirtException {
        Pointer cp;
        try {
            cp = Api.INSTANCE.virDomainCheckpointLookupByName(pointer(d), name, 0);
        } finally {
            Reference.reachabilityFence(d); // see pointer(d)
        }
        if (cp == null) {
            Libvirt.INSTANCE.virResetLastError();
            return; // gone already
        }
        try {
            if (Api.INSTANCE.virDomainCheckpointDelete(cp, 0) < 0) {
                // its bitmap is gone from the disk (a new disk, a move): libvirt's record only
                Libvirt.INSTANCE.virResetLastError();
                if (Api.INSTANCE.virDomainCheckpointDelete(cp, CHECKPOINT_METADATA_ONLY) < 0) {
                    throw lastError("deleting checkpoint " + name + " failed");
                }
            }
        } finally {
            Api.INSTANCE.virDomainCheckpointFree(cp);
        }
    }

    private static void deleteCheckpointQuietly(Domain d, String name) {
        try {
            deleteCheckpoint(d, name);
        } catch (LibvirtException | RuntimeException e) {
            log.warn("checkpoint {} of a failed backup stays: {}", name, e.getMessage());
        }
    }

    private static HypervisorException lastError(String what) {
        var error = Libvirt.INSTANCE.virGetLastError();
        String message = error == null || error.message == null ? what : what + ": " + error.message;
        Libvirt.INSTANCE.virResetLastError();
        return new HypervisorException(message, null);
    }

    /**
     * The domain's raw pointer, for calls libvirt-java does not bind. The pointer alone does not keep {@code d}
     * reachable: without a reachability fence after the call, d's finalizer (virDomainFree) may run during it.
     */
    private static DomainPointer pointer(Domain d) {
        try {
            return (DomainPointer) POINTER.get(d);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The backup pool, defined and started when missing; one at another directory under that name is refused. */
    private static StoragePool backupPool(Connect c, BackupPool pool) throws LibvirtException {
        SpecValues.check(POOL_NAME, pool.poolName(), "pool name");
        SpecValues.checkPath("path", pool.dir());
        StoragePool p;
        try {
            p = c.storagePoolLookupByName(pool.poolName());
        } catch (LibvirtException e) {
            if (!is(e, ErrorNumber.VIR_ERR_NO_STORAGE_POOL)) {
                throw e;
            }
            p = c.storagePoolDefineXML(StorageXml.directoryPool(pool.poolName(), pool.dir()), 0);
            p.build(0);
            p.setAutostart(1);
            log.info("defined backup pool {} at {}", pool.poolName(), pool.dir());
        }
        try {
            var path = (String) XPathFactory.newInstance()
                    .newXPath()
                    .evaluate("/pool/target/path", Xml.parse(p.getXMLDesc(0)), XPathConstants.STRING);
            if (!pool.dir().normalize().equals(Path.of(path).normalize())) {
                throw new HypervisorException(
                        "the pool " + pool.poolName() + " is at " + path + ", not at " + pool.dir(), null);
            }
        } catch (XPathExpressionException e) {
            throw new HypervisorException("the pool " + pool.poolName() + " has an unreadable definition", e);
        }
        if (p.isActive() != 1) {
            p.create(0);
        }
        return p;
    }

    private static long allocation(StoragePool pool, String volume) throws LibvirtException {
        try {
            return pool.storageVolLookupByName(volume).getInfo().allocation;
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * {@code e} as a full target ({@value DiskBackups#NO_SPACE}) when the target has (almost) no room left, while the
     * failed backup's volume still takes what it wrote; else {@code e} as it is.
     */
    private static RuntimeException targetFull(StoragePool target, Exception e) {
        LibvirtStorage.refreshQuietly(target);
        try {
            if (target.getInfo().available < FULL_BELOW_BYTES) {
                return new HypervisorException(
                        "the backup target is full (" + DiskBackups.NO_SPACE + "): " + e.getMessage(), e);
            }
        } catch (LibvirtException ignored) {
            // its room unknown: the failure as it came
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new HypervisorException(e.getMessage(), e);
    }

    private static void deleteQuietly(StoragePool pool, String volume) {
        try {
            pool.storageVolLookupByName(volume).delete(0);
        } catch (LibvirtException e) {
            if (!is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                log.warn("backup volume {} stays: {}", volume, e.getMessage());
            }
        }
    }
}
