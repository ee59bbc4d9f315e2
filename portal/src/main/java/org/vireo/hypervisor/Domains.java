package org.vireo.hypervisor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The host's domains: definition, lifecycle, devices, consoles. */
public interface Domains {

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
}
