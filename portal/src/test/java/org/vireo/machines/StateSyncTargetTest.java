package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vireo.hypervisor.DomainState;

/** The machine state the reconciler and lifecycle events move a machine to for what the hypervisor reports. */
class StateSyncTargetTest {
    private static MachineState target(MachineState current, DomainState domain) {
        return MachineStateSync.target(current, domain);
    }

    @Test
    void aDomainMissingInTheHypervisorIsAnError() {
        assertThat(target(MachineState.RUNNING, null)).isEqualTo(MachineState.ERROR);
        assertThat(target(MachineState.STOPPED, null)).isEqualTo(MachineState.ERROR);
    }

    @Test
    void aRunningDomainRunsUnlessItsMachineIsBeingStopped() {
        assertThat(target(MachineState.STOPPED, DomainState.RUNNING)).isEqualTo(MachineState.RUNNING);
        assertThat(target(MachineState.STARTING, DomainState.RUNNING)).isEqualTo(MachineState.RUNNING);
        assertThat(target(MachineState.ERROR, DomainState.SUSPENDED)).isEqualTo(MachineState.RUNNING);
        assertThat(target(MachineState.STOPPING, DomainState.RUNNING))
                .as("a graceful shutdown in progress is left alone")
                .isNull();
    }

    @Test
    void aPauseByAnIoErrorIsPausedAnyOtherPauseShowsAsRunning() {
        assertThat(target(MachineState.RUNNING, DomainState.PAUSED_ON_IO_ERROR)).isEqualTo(MachineState.PAUSED);
        assertThat(target(MachineState.STOPPING, DomainState.PAUSED_ON_IO_ERROR))
                .isEqualTo(MachineState.PAUSED);
        assertThat(target(MachineState.STOPPED, DomainState.PAUSED)).isEqualTo(MachineState.RUNNING);
        assertThat(target(MachineState.PAUSED, DomainState.PAUSED))
                .as("a pause the reconciler cannot tell keeps the disk-error state")
                .isNull();
        assertThat(target(MachineState.STOPPING, DomainState.PAUSED)).isNull();
    }

    @Test
    void shutOffStopsCrashedFailsUnknownChangesNothing() {
        assertThat(target(MachineState.RUNNING, DomainState.SHUT_OFF)).isEqualTo(MachineState.STOPPED);
        assertThat(target(MachineState.STOPPING, DomainState.SHUT_OFF)).isEqualTo(MachineState.STOPPED);
        assertThat(target(MachineState.PAUSED, DomainState.SHUT_OFF)).isEqualTo(MachineState.STOPPED);
        assertThat(target(MachineState.RUNNING, DomainState.CRASHED)).isEqualTo(MachineState.ERROR);
        assertThat(target(MachineState.RUNNING, DomainState.UNKNOWN)).isNull();
    }

    @Test
    void aShutdownUnderWayIsStoppingOnlyForARunningMachine() {
        assertThat(target(MachineState.RUNNING, DomainState.SHUTTING_DOWN)).isEqualTo(MachineState.STOPPING);
        assertThat(target(MachineState.STOPPING, DomainState.SHUTTING_DOWN)).isNull();
        assertThat(target(MachineState.STOPPED, DomainState.SHUTTING_DOWN)).isNull();
    }
}
