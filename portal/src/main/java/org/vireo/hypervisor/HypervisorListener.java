package org.vireo.hypervisor;

/** Receives pushed hypervisor events. Called on a Vireo thread, never on libvirt's event loop. */
public interface HypervisorListener {
    void onDomainEvent(DomainLifecycleEvent event);

    /** A domain's guest agent connected to its channel or went away (libvirt's agent lifecycle event). */
    default void onGuestAgent(String domainName, boolean connected) {}

    /** The connection to the hypervisor was (re)established: states may have changed meanwhile. */
    default void onConnected() {}
}
