package org.vireo.hypervisor;

/** Receives pushed hypervisor events. Called on a Vireo thread, never on libvirt's event loop. */
public interface HypervisorListener {
    void onDomainEvent(DomainLifecycleEvent event);

    /** The connection to the hypervisor was (re)established: states may have changed meanwhile. */
    default void onConnected() {
    }
}
