package org.vireo.machines;

import java.util.EnumSet;
import java.util.Set;

/** What can be done to a machine, and in which states: one rule for the service and the views that offer it. */
public enum MachineAction {
    START(EnumSet.of(MachineState.STOPPED, MachineState.ERROR)),
    SHUTDOWN(EnumSet.of(MachineState.RUNNING)),
    POWEROFF(EnumSet.of(
            MachineState.RUNNING,
            MachineState.STOPPING,
            MachineState.STARTING,
            MachineState.ERROR,
            MachineState.PAUSED)),
    REBOOT(EnumSet.of(MachineState.RUNNING)),
    /** Open the screen in the browser. */
    CONSOLE(EnumSet.of(MachineState.RUNNING)),
    RESIZE(EnumSet.of(MachineState.STOPPED)),
    /** Move it to another host with its disk: live while it runs, cold while it is stopped. */
    MIGRATE(EnumSet.of(MachineState.RUNNING, MachineState.STOPPED)),
    /** Record that an operator moved it to another host (its domain gone from the old one: ERROR there). */
    MOVE(EnumSet.of(MachineState.STOPPED, MachineState.ERROR)),
    /** Take, revert or delete a disk snapshot. */
    SNAPSHOT(EnumSet.of(MachineState.STOPPED, MachineState.RUNNING)),
    /** A fresh disk from a template (the same or another), cloud-init again. */
    REBUILD(EnumSet.of(MachineState.STOPPED, MachineState.RUNNING, MachineState.ERROR)),
    /** Boot the rescue system with the machine's disk attached, or the machine's own system again. */
    RESCUE(EnumSet.of(MachineState.STOPPED, MachineState.RUNNING, MachineState.ERROR)),
    /** Back the disk up into its host's backup pool (live while it runs). */
    BACKUP(EnumSet.of(MachineState.STOPPED, MachineState.RUNNING)),
    /** Return the disk to a backup. */
    RESTORE(EnumSet.of(MachineState.STOPPED)),
    /** Insert an ISO of the library into the CD-ROM drive, or eject it. */
    ISO(EnumSet.of(MachineState.STOPPED)),
    /** Add or remove a public address. */
    ADDRESS(EnumSet.of(MachineState.STOPPED, MachineState.RUNNING)),
    /** Rename, or set or clear delete protection. */
    EDIT(EnumSet.of(
            MachineState.STOPPED,
            MachineState.RUNNING,
            MachineState.STOPPING,
            MachineState.STARTING,
            MachineState.ERROR,
            MachineState.PAUSED)),
    DELETE(EnumSet.of(
            MachineState.STOPPED,
            MachineState.RUNNING,
            MachineState.STOPPING,
            MachineState.STARTING,
            MachineState.ERROR,
            MachineState.PAUSED));

    private final Set<MachineState> allowedIn;

    MachineAction(Set<MachineState> allowedIn) {
        this.allowedIn = allowedIn;
    }

    public boolean allowedIn(MachineState state) {
        return allowedIn.contains(state);
    }
}
