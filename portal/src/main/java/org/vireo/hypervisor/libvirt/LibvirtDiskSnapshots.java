package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.definedXml;
import static org.vireo.hypervisor.libvirt.LibvirtSession.is;
import static org.vireo.hypervisor.libvirt.LibvirtSession.liveXml;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.vireo.hypervisor.DiskSnapshots;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.SpecValues;

/**
 * A machine's disk as a chain of volumes in its host's pool: external overlays (live: a disk-only snapshot; shut
 * off: a new definition), merged back by block commit, or reset to a fresh overlay on a base.
 */
final class LibvirtDiskSnapshots implements DiskSnapshots {
    private final LibvirtSession session;
    private final LibvirtStorage storage;

    LibvirtDiskSnapshots(LibvirtSession session, LibvirtStorage storage) {
        this.session = session;
        this.storage = storage;
    }

    private static final String DISK = "vda";

    @Override
    public String diskVolume(String domainName) {
        return session.call(c -> volumeOf(c.domainLookupByName(domainName)));
    }

    private String volumeOf(Domain d) throws LibvirtException {
        Path source = DomainDocument.parse(definedXml(d)).diskSource(DISK);
        if (source == null || !storage.poolPath(d.getConnect()).equals(source.getParent())) {
            throw new HypervisorException(
                    "the disk of " + d.getName() + " is not a volume of pool " + storage.poolName(), null);
        }
        return source.getFileName().toString();
    }

    @Override
    public String snapshotDisk(String domainName, String overlayVolume) {
        SpecValues.check(SpecValues.VOLUME_NAME, overlayVolume, "volume name");
        return session.call(c -> {
            Path overlay = storage.poolPath(c).resolve(overlayVolume);
            Domain d = c.domainLookupByName(domainName);
            String frozen = volumeOf(d);
            if (d.isActive() == 1) {
                String snapshotName = overlayVolume.replace(".qcow2", "");
                d.snapshotCreateXML(
                        DomainDocument.parse(liveXml(d)).diskSnapshot(snapshotName, DISK, overlay),
                        LibvirtFlags.Snapshot.EXTERNAL_DISK.bits());
                LibvirtStorage.refreshQuietly(storage.pool(c));
            } else {
                var frozenVol = storage.pool(c).storageVolLookupByName(frozen);
                long capacity = frozenVol.getInfo().capacity;
                storage.pool(c)
                        .storageVolCreateXML(
                                StorageXml.qcow2Volume(
                                        overlayVolume,
                                        (int) Math.max(1, (capacity + (1L << 30) - 1) >> 30),
                                        Path.of(frozenVol.getPath())),
                                0);
                try {
                    c.domainDefineXML(DomainDocument.parse(definedXml(d))
                            .withDiskSource(DISK, overlay)
                            .xml());
                } catch (LibvirtException | RuntimeException e) {
                    storage.deleteVolumeQuietly(c, overlayVolume);
                    throw e;
                }
            }
            return frozen;
        });
    }

    @Override
    public void mergeDisk(String domainName, String baseVolume, String topVolume) {
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            Path base = storage.poolPath(c).resolve(baseVolume);
            Path top = storage.poolPath(c).resolve(topVolume);
            boolean active = topVolume.equals(volumeOf(d));
            if (d.isActive() == 1) {
                commit(d, base, top, active);
            } else {
                // libvirt merges only in a running QEMU: the guest is started paused (it runs no instruction),
                // merged, and powered off again.
                var paused = LibvirtDomains.started(c, d, LibvirtFlags.Start.PAUSED);
                try {
                    commit(paused, base, top, active);
                } finally {
                    paused.destroy();
                }
            }
            var defined = DomainDocument.parse(definedXml(d));
            if (active && !base.equals(defined.diskSource(DISK))) {
                c.domainDefineXML(defined.withDiskSource(DISK, base).xml());
            }
            storage.deleteVolumeQuietly(c, topVolume);
            return null;
        });
    }

    /** Block commit of {@code top} into {@code base}; QEMU rewrites the backing file of the image above. */
    private static void commit(Domain d, Path base, Path top, boolean active) throws LibvirtException {
        var flags = active ? LibvirtFlags.BlockCommit.ACTIVE : LibvirtFlags.BlockCommit.PASSIVE;
        d.blockCommit(DISK, base.toString(), top.toString(), 0, flags.bits());
        awaitBlockJob(d, active);
    }

    /** Waits for the disk's block job; an active commit is pivoted once it has caught up. */
    private static void awaitBlockJob(Domain d, boolean pivot) throws LibvirtException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            var job = d.getBlockJobInfo(DISK, 0);
            if (job.type == 0) {
                return; // no job (any more): a plain commit has finished
            }
            if (pivot && job.end > 0 && job.cur == job.end) {
                try {
                    d.blockJobAbort(DISK, LibvirtFlags.BlockJobAbort.PIVOT.bits());
                    pivot = false; // the job ends with the pivot
                } catch (LibvirtException e) {
                    // Caught up is not yet ready: QEMU reports the job ready a moment later (libvirt's READY
                    // event, which libvirt-java's job info does not carry); anything else is a failure.
                    if (!is(e, ErrorNumber.VIR_ERR_BLOCK_COPY_ACTIVE)) {
                        throw e;
                    }
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HypervisorException("interrupted while merging disks", e);
            }
        }
        throw new HypervisorException("the disk merge of " + d.getName() + " did not finish in 30 minutes", null);
    }

    @Override
    public void resetDisk(String domainName, String baseVolume, String overlayVolume, int sizeGiB) {
        SpecValues.check(SpecValues.VOLUME_NAME, overlayVolume, "volume name");
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (d.isActive() == 1) {
                throw new HypervisorException("domain " + domainName + " is running", null);
            }
            var base = storage.pool(c).storageVolLookupByName(baseVolume);
            int size = (int) Math.max(sizeGiB, (base.getInfo().capacity + (1L << 30) - 1) >> 30);
            storage.pool(c)
                    .storageVolCreateXML(StorageXml.qcow2Volume(overlayVolume, size, Path.of(base.getPath())), 0);
            try {
                c.domainDefineXML(DomainDocument.parse(definedXml(d))
                        .withDiskSource(DISK, storage.poolPath(c).resolve(overlayVolume))
                        .xml());
            } catch (LibvirtException | RuntimeException e) {
                storage.deleteVolumeQuietly(c, overlayVolume);
                throw e;
            }
            return null;
        });
    }
}
