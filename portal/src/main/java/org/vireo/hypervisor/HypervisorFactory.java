package org.vireo.hypervisor;

/** Opens connections to hosts' hypervisors: the portal's own host's and registered hosts'. */
public interface HypervisorFactory {

    /** A connection to the libvirt at {@code uri} that reconnects by itself; {@link #close} it when done. */
    Hypervisor connect(String uri, Accelerator accelerator);

    /**
     * A connection to the portal's own host ({@code vireo.libvirt.uri}), with the accelerator configured or recorded
     * by {@code scripts/setup-host}; {@link #close} it when done.
     */
    Hypervisor connectLocal();

    /** The accelerator guests of the portal's own host run with (without connecting to it). */
    Accelerator localAccelerator();

    /** The URI of the portal's own host. */
    String localUri();

    void close(Hypervisor hypervisor);
}
