package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.vireo.base.OperationFailedException;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.support.FakeHypervisor;

/**
 * What a create that failed on its host reports ({@link CreateFailure}, from {@code MachineProvisioning.rollBack}):
 * the reason in the audit, a full storage pool as no room, anything else as a failed create keeping its cause.
 */
class CreateFailureTest {
    @Test
    void aHostFailureIsAFailedCreateWithItsMessageAsReason() {
        var e = FakeHypervisor.failure("define failed: domain exists");
        var failure = new CreateFailure(e);
        assertThat(failure.reason()).isEqualTo("define failed: domain exists");
        assertThat(failure.auditDetail("kvm-1")).isEqualTo("host=kvm-1: define failed: domain exists");
        assertThat(failure.told())
                .isInstanceOfSatisfying(OperationFailedException.class, told -> {
                    assertThat(told.messageKey()).isEqualTo("machines.create-failed");
                    assertThat(told.reason()).isEqualTo("define failed: domain exists");
                })
                .hasCause(e);
    }

    @Test
    void aFailureWithoutMessageIsNamedByItsType() {
        var failure = new CreateFailure(new IllegalStateException());
        assertThat(failure.reason()).isEqualTo("IllegalStateException");
        assertThat(failure.auditDetail("local")).isEqualTo("host=local: IllegalStateException");
    }

    @Test
    void noSpaceLeftAnywhereInTheCauseChainIsNoRoom() {
        var e = new UncheckedIOException("qemu-img failed", new IOException("write: No space left on device"));
        var failure = new CreateFailure(e);
        assertThat(failure.storageFull()).isTrue();
        assertThat(failure.told()).isInstanceOfSatisfying(Placement.NoRoomException.class, told -> {
            assertThat(told.type()).isEqualTo("storage-full");
            assertThat(told.messageKey()).isEqualTo("machines.storage-full");
            assertThat(told.explanation).isEqualTo("qemu-img failed");
        });
    }

    @Test
    void libvirtsNotEnoughFreeSpaceIsNoRoomToo() {
        var e = new HypervisorException("cannot create volume: not enough free space in pool", null);
        assertThat(new CreateFailure(e).told()).isInstanceOf(Placement.NoRoomException.class);
    }

    @Test
    void anIoFailureOfTheCreateItselfIsAFailedCreate() {
        var failure = new CreateFailure(new IOException("seed: permission denied"));
        assertThat(failure.storageFull()).isFalse();
        assertThat(failure.told()).isInstanceOf(OperationFailedException.class);
    }
}
