package org.vireo.hypervisor.libvirt;

/**
 * The libvirt flag values Vireo passes, named as libvirt names them (libvirt-java 0.5.4 takes bare ints): one type
 * per libvirt enum, so that a flag of one call cannot be handed to another.
 */
final class LibvirtFlags {
    private LibvirtFlags() {}

    /** virDomainXMLFlags. */
    record DomainDesc(int bits) {
        static final DomainDesc LIVE = new DomainDesc(0);
        static final DomainDesc INACTIVE = new DomainDesc(2);
    }

    /** virNetworkXMLFlags. */
    record NetworkDesc(int bits) {
        static final NetworkDesc LIVE = new NetworkDesc(0);
        static final NetworkDesc INACTIVE = new NetworkDesc(1);
    }

    /** virDomainModificationImpact: where a device change applies. */
    record Affect(int bits) {
        static final Affect LIVE = new Affect(1);
        static final Affect CONFIG = new Affect(2);

        /** The definition, and the running guest too when {@code running}. */
        static Affect config(boolean running) {
            return new Affect(CONFIG.bits | (running ? LIVE.bits : 0));
        }
    }

    /** virDomainUndefineFlagsValues: a domain with backup checkpoints goes with their records. */
    record Undefine(int bits) {
        static final Undefine CHECKPOINTS_METADATA = new Undefine(16);
    }

    /** virDomainCreateFlags. */
    record Start(int bits) {
        static final Start NORMAL = new Start(0);
        static final Start PAUSED = new Start(1);
    }

    /** virDomainMetadataType. */
    record Metadata(int type) {
        static final Metadata ELEMENT = new Metadata(2);
    }

    /** virDomainSnapshotCreateFlags: a disk-only, atomic snapshot without libvirt metadata (the overlay is ours). */
    record Snapshot(int bits) {
        static final Snapshot EXTERNAL_DISK = new Snapshot(4 /* NO_METADATA */ | 16 /* DISK_ONLY */ | 128 /* ATOMIC */);
    }

    /** virDomainBlockCommitFlags. */
    record BlockCommit(int bits) {
        static final BlockCommit PASSIVE = new BlockCommit(0);
        static final BlockCommit ACTIVE = new BlockCommit(4);
    }

    /** virDomainBlockJobAbortFlags. */
    record BlockJobAbort(int bits) {
        static final BlockJobAbort PIVOT = new BlockJobAbort(2);
    }

    /** virDomainMigrateFlags: live, defined on the target and no more here, with a full copy of the disks. */
    record Migrate(long bits) {
        static final Migrate LIVE_WITH_STORAGE =
                new Migrate(1 /* LIVE */ | 8 /* PERSIST_DEST */ | 16 /* UNDEFINE_SOURCE */ | 64 /* NON_SHARED_DISK */);
    }

    /** virDomainJobType. */
    static final class JobType {
        static final int NONE = 0;

        private JobType() {}
    }

    /** virDomainInterfaceAddressesSource. */
    record AddressSource(int value) {
        static final AddressSource LEASE = new AddressSource(0);
        static final AddressSource ARP = new AddressSource(2);
    }

    /** virDomainMemoryStatTags. */
    record MemoryStat(int tag) {
        static final MemoryStat UNUSED = new MemoryStat(4);
        static final MemoryStat AVAILABLE = new MemoryStat(5);
        static final MemoryStat RSS = new MemoryStat(7);
        /** How many tags to ask for: all libvirt 9 knows. */
        static final int COUNT = 13;
    }
}
