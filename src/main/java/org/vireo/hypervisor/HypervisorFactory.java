package org.vireo.hypervisor;

/** Opens connections to other hosts' hypervisors (the portal's own host is the {@link Hypervisor} bean). */
public interface HypervisorFactory {

    /** A connection to the libvirt at {@code uri} that reconnects by itself; {@link #close} it when done. */
    Hypervisor connect(String uri, Accelerator accelerator);

    void close(Hypervisor hypervisor);
}
