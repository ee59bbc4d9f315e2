package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.is;
import static org.vireo.hypervisor.libvirt.LibvirtSession.lookup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.TypedParameter;
import org.libvirt.TypedStringParameter;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.MigrationProgress;
import org.vireo.hypervisor.Migrations;
import org.vireo.hypervisor.SpecValues;

/**
 * Managed direct migration: the portal holds both hosts' connections and drives the move (no peer-to-peer: the
 * hosts need no keys for each other); QEMU sends memory and, by NBD, the disks straight to the target's migration
 * address. libvirt refuses a tunnelled migration with a storage copy on this QEMU, and a live one without it.
 */
final class LibvirtMigrations implements Migrations {
    private final LibvirtSession session;
    private final LibvirtStorage storage;

    LibvirtMigrations(LibvirtSession session, LibvirtStorage storage) {
        this.session = session;
        this.storage = storage;
    }

    /**
     * Each volume through a file on the portal (libvirt-java's streams need an upload's size first), then the
     * definition as it is here.
     */
    @Override
    public void moveStopped(String domainName, Hypervisor target, List<String> volumes) {
        var to = libvirt(target);
        for (String volume : volumes) {
            Path file = null;
            try {
                file = Files.createTempFile("vireo-move-", ".volume");
                try (var out = Files.newOutputStream(file)) {
                    storage.download(volume, out, Long.MAX_VALUE);
                }
                to.storage().replaceFrom(volume, file);
            } catch (IOException e) {
                throw new HypervisorException("copy of " + volume + " failed: " + e.getMessage(), e);
            } finally {
                deleteQuietly(file);
            }
        }
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (d.isActive() == 1) {
                throw new HypervisorException("domain " + domainName + " is running", null);
            }
            to.connection().domainDefineXML(LibvirtSession.definedXml(d));
            d.undefine(LibvirtFlags.Undefine.CHECKPOINTS_METADATA.bits()); // checkpoints stay behind: next backup whole
            return null;
        });
    }

    private static LibvirtHypervisor libvirt(Hypervisor target) {
        if (!(target instanceof LibvirtHypervisor to)) {
            throw new IllegalArgumentException("a libvirt host can only move domains to another libvirt host");
        }
        return to;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    @Override
    public void migrateLive(String domainName, Hypervisor target, String migrationAddress, List<String> disks) {
        var to = libvirt(target);
        SpecValues.check(SpecValues.HOST_ADDRESS, migrationAddress, "migration address");
        var params = new ArrayList<TypedParameter>();
        params.add(new TypedStringParameter("migrate_uri", "tcp://" + migrationAddress));
        disks.forEach(disk -> params.add(new TypedStringParameter("migrate_disks", disk)));
        session.call(c -> {
            Domain d = c.domainLookupByName(domainName);
            LibvirtDiskBackups.dropCheckpoints(d);
            d.migrate(
                    to.connection(),
                    params.toArray(TypedParameter[]::new),
                    LibvirtFlags.Migrate.LIVE_WITH_STORAGE.bits());
            return null;
        });
    }

    @Override
    public Optional<MigrationProgress> migrationProgress(String domainName) {
        return session.call(c -> {
            Domain d = lookup(c, domainName);
            if (d == null) {
                return Optional.empty();
            }
            var job = d.getJobInfo();
            if (job.getType() == LibvirtFlags.JobType.NONE) {
                return Optional.empty();
            }
            long total = job.getDataTotal();
            // libvirt reports the disks' copy (NBD) as the job's file figures
            return Optional.of(new MigrationProgress(
                    total,
                    job.getDataProcessed(),
                    job.getDataRemaining(),
                    job.getTimeElapsed(),
                    job.getFileTotal(),
                    job.getFileRemaining()));
        });
    }

    @Override
    public void abortMigration(String domainName) {
        session.call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null) {
                try {
                    d.abortJob();
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_OPERATION_INVALID)) { // no job (any more)
                        throw e;
                    }
                }
            }
            return null;
        });
    }
}
