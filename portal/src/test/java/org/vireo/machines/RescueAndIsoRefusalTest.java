package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vireo.templates.TemplateKind;

/**
 * When rescue mode and the CD-ROM drive refuse ({@link MachineRescues#refusal}, {@link MachineIsos#refusal}): the
 * two exclude each other, a kernel-booted machine has no drive, and switching rescue to what a running machine
 * already does is a conflict. The states each action is allowed in are {@link MachineActionTest}'s.
 */
class RescueAndIsoRefusalTest {
    private static final UUID ISO = UUID.randomUUID();

    private static Machine machine(MachineState state, boolean rescue, UUID isoId) {
        return Examples.with(Examples.machine(state), rescue, isoId);
    }

    @Test
    void rescueIsRefusedWhileAnIsoIsInTheDriveWhateverTheState() {
        for (var state : new MachineState[] {MachineState.RUNNING, MachineState.STOPPED, MachineState.ERROR}) {
            assertThat(MachineRescues.refusal(machine(state, false, ISO), true))
                    .as(state.name())
                    .isEqualTo("machines.rescue-with-iso");
        }
    }

    @Test
    void aRunningMachineAlreadyInTheAskedModeIsRefused() {
        assertThat(MachineRescues.refusal(machine(MachineState.RUNNING, true, null), true))
                .isEqualTo("machines.rescue-already");
        assertThat(MachineRescues.refusal(machine(MachineState.RUNNING, false, null), false))
                .isEqualTo("machines.rescue-not");
    }

    @Test
    void aStoppedOrFailedMachineAlreadyInTheAskedModeIsBootedInIt() {
        assertThat(MachineRescues.refusal(machine(MachineState.STOPPED, true, null), true))
                .isNull();
        assertThat(MachineRescues.refusal(machine(MachineState.ERROR, false, null), false))
                .isNull();
    }

    @Test
    void switchingARunningMachineIsAccepted() {
        assertThat(MachineRescues.refusal(machine(MachineState.RUNNING, false, null), true))
                .isNull();
        assertThat(MachineRescues.refusal(machine(MachineState.RUNNING, true, null), false))
                .isNull();
    }

    @Test
    void endingRescueIgnoresTheDrive() {
        assertThat(MachineRescues.refusal(machine(MachineState.RUNNING, true, ISO), false))
                .isNull();
    }

    @Test
    void aKernelBootedMachineHasNoDriveEvenInRescue() {
        var kernel = Examples.template(TemplateKind.KERNEL, 1, 64, 1);
        assertThat(MachineIsos.refusal(machine(MachineState.STOPPED, false, null), kernel))
                .isEqualTo("machines.iso-kernel-boot");
        assertThat(MachineIsos.refusal(machine(MachineState.STOPPED, true, null), kernel))
                .isEqualTo("machines.iso-kernel-boot");
    }

    @Test
    void aMachineInRescueTakesAndEjectsNoIso() {
        var image = Examples.template(TemplateKind.IMAGE, 1, 64, 1);
        assertThat(MachineIsos.refusal(machine(MachineState.STOPPED, true, null), image))
                .isEqualTo("machines.iso-in-rescue");
        assertThat(MachineIsos.refusal(machine(MachineState.STOPPED, true, null), null))
                .as("its template gone, or the re-check in the claim")
                .isEqualTo("machines.iso-in-rescue");
    }

    @Test
    void anImageMachineOrOneWhoseTemplateIsGoneTakesAnIso() {
        assertThat(MachineIsos.refusal(
                        machine(MachineState.STOPPED, false, null), Examples.template(TemplateKind.IMAGE, 1, 64, 1)))
                .isNull();
        assertThat(MachineIsos.refusal(machine(MachineState.STOPPED, false, ISO), null))
                .as("ejecting or changing the ISO")
                .isNull();
    }
}
