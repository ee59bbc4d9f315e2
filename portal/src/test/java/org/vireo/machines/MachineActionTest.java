package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which actions each machine state allows: the one rule behind the service's refusals and the views' buttons. */
class MachineActionTest {
    private static MachineAction[] allowedIn(MachineState state) {
        return Arrays.stream(MachineAction.values())
                .filter(a -> a.allowedIn(state))
                .toArray(MachineAction[]::new);
    }

    @Test
    void aMachineInCreationOrDeletionAllowsNothing() {
        assertThat(allowedIn(MachineState.CREATING)).isEmpty();
        assertThat(allowedIn(MachineState.DELETING)).isEmpty();
    }

    @Test
    void aRunningMachineCannotBeResizedOrGetAnIsoButCanBeStoppedAndSnapshotted() {
        assertThat(allowedIn(MachineState.RUNNING))
                .contains(MachineAction.SHUTDOWN, MachineAction.POWEROFF, MachineAction.SNAPSHOT, MachineAction.CONSOLE)
                .doesNotContain(MachineAction.START, MachineAction.RESIZE, MachineAction.ISO, MachineAction.MOVE);
    }

    @Test
    void aStoppedMachineStartsAndChangesButHasNoConsole() {
        assertThat(allowedIn(MachineState.STOPPED))
                .contains(MachineAction.START, MachineAction.RESIZE, MachineAction.ISO, MachineAction.MIGRATE)
                .doesNotContain(
                        MachineAction.SHUTDOWN, MachineAction.POWEROFF, MachineAction.REBOOT, MachineAction.CONSOLE);
    }

    @Test
    void aFailedMachineCanBeStartedRebuiltRescuedOrMovedButNotSnapshotted() {
        assertThat(allowedIn(MachineState.ERROR))
                .containsExactlyInAnyOrder(
                        MachineAction.START,
                        MachineAction.POWEROFF,
                        MachineAction.MOVE,
                        MachineAction.REBUILD,
                        MachineAction.RESCUE,
                        MachineAction.EDIT,
                        MachineAction.DELETE);
    }

    @Test
    void aMachinePausedOnADiskErrorCanOnlyBePoweredOffEditedOrDeleted() {
        assertThat(allowedIn(MachineState.PAUSED))
                .containsExactlyInAnyOrder(MachineAction.POWEROFF, MachineAction.EDIT, MachineAction.DELETE);
    }

    @Test
    void betweenStatesOnlyPowerOffEditAndDeleteAreAllowed() {
        for (var state : new MachineState[] {MachineState.STARTING, MachineState.STOPPING}) {
            assertThat(allowedIn(state))
                    .as(state.name())
                    .containsExactlyInAnyOrder(MachineAction.POWEROFF, MachineAction.EDIT, MachineAction.DELETE);
        }
    }

    @Test
    void onlyCreatingAndDeletingAreTransient() {
        assertThat(Arrays.stream(MachineState.values()).filter(MachineState::isTransient))
                .containsExactlyInAnyOrder(MachineState.CREATING, MachineState.DELETING);
    }
}
