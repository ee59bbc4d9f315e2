package org.vireo.machines;

/** A machine's state as tenants see it. */
public enum MachineState {
    CREATING,
    STOPPED,
    STARTING,
    RUNNING,
    STOPPING,
    ERROR,
    DELETING,
    /**
     * Stopped by the hypervisor mid-run because its disk could not be written or read (the storage full or failing):
     * its memory kept, waiting for an operator to free space and resume it, or to be powered off.
     */
    PAUSED;

    /** States in which Vireo itself is in the middle of an operation that owns the state. */
    public boolean isTransient() {
        return this == CREATING || this == DELETING;
    }
}
