package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
     * Makes sure the network exists as {@code spec} says and is active: defined when missing, started when down.
     * One that differs from the spec (made by an older Vireo, or before the host's mode changed) is made again as
     * the spec says, but only while no running domain uses it: a network restart would cut running guests off.
     * Returns whether the network was defined or started now (its DHCP reservations then need to be made again).
     */
    boolean ensureNetwork(NetworkSpec spec);

    /** Removes the network unless a domain (running or not) has an interface on it; returns whether it went. */
    boolean deleteNetworkIfUnused(String networkName);

    /** The MAC of the domain's interface on the libvirt network, as its definition says; empty when none. */
    Optional<String> interfaceMac(String domainName, String networkName);

    /**
     * The network's DHCP server hands {@code ipv4} to {@code mac} from now on, live and across restarts; a
     * reservation that is there already is kept. Nothing for a network without DHCP.
     */
    void reserveAddress(String networkName, String mac, String ipv4, String hostName);

    /** Ends the reservation; one that is not there (or a network that is gone) is ignored. */
    void releaseAddress(String networkName, String mac, String ipv4);

    void deleteNetwork(String networkName);

    /**
     * Defines (or redefines) the nwfilter; libvirt applies a changed filter at once to the running domains that use
     * it.
     */
    void defineFirewall(FirewallSpec spec);

    /**
     * Defines libvirt's {@code clean-traffic} filter and the filters it refers to where the host lacks them (Vireo
     * ships libvirt's own definitions); returns the names defined now (empty: all were there).
     */
    List<String> ensureBaseFilters();

    /** Removes the nwfilter; one that is not there is ignored. */
    void deleteFirewall(String filterName);

    // --- domains ----------------------------------------------------------------------------------------------

    /** Defines a persistent domain from the spec; returns its name. */
    String define(DomainSpec spec);

    void start(String domainName);

    /**
     * The stopped domain boots {@code rescue} (a kernel and initrd in RAM) from its next start on, its disks
     * attached as they are; {@code null}: its own boot again.
     */
    void setRescue(String domainName, DomainSpec.KernelBoot rescue);

    /**
     * Adds an interface to the domain's definition and, while it runs, hot-plugs it into the guest; an interface
     * with the same MAC already there is left as it is.
     */
    void attachInterface(String domainName, DomainSpec.Nic nic);

    /**
     * Replaces the interface with the same MAC (its filter's parameters, for example) in the definition and, while
     * the domain runs, live; none with that MAC: nothing.
     */
    void updateInterface(String domainName, DomainSpec.Nic nic);

    /** Takes the interface with {@code mac} out of the definition and, while it runs, unplugs it; none: nothing. */
    void detachInterface(String domainName, String mac);

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

    /** The guest's name of its interface with {@code mac}, as its agent says; empty without agent or interface. */
    Optional<String> guestInterfaceName(String domainName, String mac);

    /**
     * Runs a program in the guest through its agent ({@code argv}: the program's path and its arguments, no shell)
     * and waits for it: its exit code; empty when no agent answers.
     */
    OptionalInt guestExec(String domainName, List<String> argv);

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
