package org.vireo.hypervisor;

/**
 * The port through which Vireo uses a host's hypervisor, composed of its roles. Only value types cross it; the
 * libvirt adapter lives beside it and nothing outside this package sees libvirt.
 */
public interface Hypervisor
        extends HostStorage,
                HostNetworks,
                Domains,
                GuestChannel,
                DiskSnapshots,
                DiskBackups,
                HostMetrics,
                Migrations,
                InterfaceBandwidth,
                HypervisorEvents {

    HostInfo hostInfo();

    Accelerator accelerator();
}
