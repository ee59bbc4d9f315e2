package org.vireo.hypervisor;

import java.util.List;
import java.util.Optional;

/** Moving a running domain with its disks to another host of the installation. */
public interface Migrations {
    /**
     * Moves the running domain live, with a full copy of its writable {@code disks} (hosts share no storage), to
     * {@code target}, whose migration traffic arrives at {@code migrationAddress}. Blocks until libvirt reports the
     * end: afterwards the domain runs and is defined on the target only; its volumes here are left for the caller.
     * A failure leaves it running here (what libvirt precreated on the target is the caller's to remove).
     */
    void migrateLive(String domainName, Hypervisor target, String migrationAddress, List<String> disks);

    /**
     * Moves the shut-off domain: its {@code volumes} are streamed into the target's pool (same names, same path),
     * then it is defined there and no more here. Its volumes here are left for the caller; a failure before the
     * definition leaves it defined here (the copies on the target are the caller's to remove).
     */
    void moveStopped(String domainName, Hypervisor target, List<String> volumes);

    /** The migration job of the domain in progress here, if any. */
    Optional<MigrationProgress> migrationProgress(String domainName);

    /** Cancels the domain's migration in progress; it keeps running here. Nothing in progress: nothing happens. */
    void abortMigration(String domainName);
}
