package org.vireo.hypervisor;

import java.util.Optional;

/**
 * The port through which Vireo uses the host's hypervisor. Only value types cross it; the libvirt adapter lives
 * beside it and nothing outside this package sees libvirt.
 */
public interface Hypervisor {

    HostInfo hostInfo();

    Accelerator accelerator();

    /** Defines a persistent domain from the spec; returns its name. */
    String define(DomainSpec spec);

    void start(String domainName);

    /** Hard power-off; a domain that is not running is left as it is. */
    void destroy(String domainName);

    /** Removes the definition (not the disks); an unknown domain is ignored. */
    void undefine(String domainName);

    Optional<DomainState> state(String domainName);
}
