package org.vireo.machines;

/** A machine's state as tenants see it. */
public enum MachineState {
    CREATING, STOPPED, STARTING, RUNNING, STOPPING, ERROR, DELETING;

    /** States in which Vireo itself is in the middle of an operation that owns the state. */
    public boolean isTransient() {
        return this == CREATING || this == DELETING;
    }
}
