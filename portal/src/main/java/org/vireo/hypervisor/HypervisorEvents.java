package org.vireo.hypervisor;

/** Lifecycle and guest-agent events of the host's domains, and reconnects. */
public interface HypervisorEvents {

    void addListener(HypervisorListener listener);
}
