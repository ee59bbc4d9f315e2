package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The port through which Vireo uses the host's hypervisor. Only value types cross it; the libvirt adapter lives
 * beside it and nothing outside this package sees libvirt.
 */
public interface Hypervisor {

    HostInfo hostInfo();

    Accelerator accelerator();

    // --- storage: qcow2 volumes in Vireo's pool ---------------------------------------------------------------

    /**
     * Creates a qcow2 volume of {@code sizeGiB}: an overlay on {@code backingImage} (read-only base, of
     * {@code backingFormat} {@code qcow2} (also when null) or {@code raw}) when given, else an empty disk. Returns
     * its path.
     */
    Path createDisk(String volumeName, Path backingImage, String backingFormat, int sizeGiB);

    /**
     * Creates a cloud-init NoCloud seed (an ISO 9660 volume labelled {@code cidata} holding {@code meta-data} and
     * {@code user-data}) as a volume of Vireo's pool; returns its path.
     */
    Path createSeed(String volumeName, String metaData, String userData);

    /**
     * Copies a file of the portal's machine into a volume {@code volumeName} of this host's pool through libvirt
     * (so it works for remote hosts), unless that volume exists already; {@code progress} hears the share copied
     * (0 to 1). Returns the volume's path on the host.
     */
    Path copyToPool(String volumeName, Path source, java.util.function.DoubleConsumer progress);

    /** Deletes the volume; a missing one is ignored. */
    void deleteDisk(String volumeName);

    boolean diskExists(String volumeName);

    /** Grows a volume to {@code sizeGiB} (never shrinks it). */
    void growDisk(String volumeName, int sizeGiB);

    /** Names of the pool's volumes that start with {@code prefix}. */
    List<String> volumes(String prefix);

    /** Capacity, allocation and free space of Vireo's storage pool, in bytes. */
    PoolInfo poolInfo();

    // --- networks ---------------------------------------------------------------------------------------------

    /**
     * Makes sure an isolated layer-2 network with its own bridge exists and is active: no forwarding, no host IP
     * address, no DHCP. Returns the network name.
     */
    String ensureIsolatedNetwork(String networkName, String bridgeName);

    void deleteNetwork(String networkName);

    // --- domains ----------------------------------------------------------------------------------------------

    /** Defines a persistent domain from the spec; returns its name. */
    String define(DomainSpec spec);

    void start(String domainName);

    /**
     * The stopped domain boots {@code rescue} (a kernel and initrd in RAM) from its next start on, its disks
     * attached as they are; {@code null}: its own boot again.
     */
    void setRescue(String domainName, DomainSpec.KernelBoot rescue);

    /** The stopped domain boots {@code iso} first (in a CD-ROM drive), or its disk again ({@code null}). */
    void setIso(String domainName, Path iso);

    /** New vCPU and memory sizes for a shut-off domain (its definition is changed). */
    void resize(String domainName, int vcpus, int memoryMiB);

    /** Asks the guest to shut down (ACPI power button). */
    void shutdown(String domainName);

    /** Asks the guest to reboot. */
    void reboot(String domainName);

    /** Hard power-off; a domain that is not running is left as it is. */
    void destroy(String domainName);

    /** Removes the definition (not the disks); an unknown domain is ignored. */
    void undefine(String domainName);

    Optional<DomainState> state(String domainName);

    /** Vireo's domains on this host (names starting with {@code vireo-}). */
    List<DomainSummary> listDomains();

    Optional<VncEndpoint> vncEndpoint(String domainName);

    /** The unix socket a running domain's first serial port listens on, on its host (named by the domain). */
    Optional<String> serialSocket(String domainName);

    // --- the guest agent (qemu-guest-agent on the domain's virtio channel) --------------------------------------

    /** The guest's OS name and host name as its agent tells them; empty when no agent answers. */
    Optional<GuestInfo> guestInfo(String domainName);

    /**
     * Sets a guest user's password through the agent; a {@link HypervisorException} when no agent answers or the
     * guest refuses (unknown user).
     */
    void setUserPassword(String domainName, String user, String password);

    // --- disk snapshots: a chain of external qcow2 overlays ----------------------------------------------------

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

    // --- observation ------------------------------------------------------------------------------------------

    /** Cumulative counters of a running domain, or empty when it is not running. */
    Optional<DomainStats> stats(String domainName);

    /** IP addresses libvirt knows for the domain's interfaces (DHCP lease, guest agent or the host's ARP table). */
    List<String> addresses(String domainName);

    void addListener(HypervisorListener listener);
}
