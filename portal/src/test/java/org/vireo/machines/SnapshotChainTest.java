package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vireo.base.NotFoundException;
import org.vireo.machines.internal.SnapshotEntity;

/**
 * What reverting to or deleting a snapshot does to the chain's rows and volumes ({@link SnapshotChain}), and which
 * rows never froze anything. The chain is oldest first, as the repository reads it.
 */
class SnapshotChainTest {
    private final UUID machine = UUID.randomUUID();
    private final SnapshotEntity first = snapshot("first", "web.qcow2");
    private final SnapshotEntity second = snapshot("second", "web.o1.qcow2");
    private final SnapshotEntity third = snapshot("third", "web.o2.qcow2");
    private final List<SnapshotEntity> chain = List.of(first, second, third);

    private SnapshotEntity snapshot(String name, String volume) {
        return new SnapshotEntity(machine, UUID.randomUUID(), name, volume, 20);
    }

    @Test
    void revertingToTheOldestDropsAllNewerAndTheirVolumesThenTheOldDisk() {
        var revert = SnapshotChain.revert(chain, first.getId());
        assertThat(revert.target()).isSameAs(first);
        assertThat(revert.newer()).containsExactly(second, third);
        assertThat(revert.volumesToDelete("web.o3.qcow2"))
                .containsExactly("web.o1.qcow2", "web.o2.qcow2", "web.o3.qcow2");
    }

    @Test
    void revertingToTheNewestDropsOnlyTheDiskWrittenSince() {
        var revert = SnapshotChain.revert(chain, third.getId());
        assertThat(revert.target()).isSameAs(third);
        assertThat(revert.newer()).isEmpty();
        assertThat(revert.volumesToDelete("web.o3.qcow2")).containsExactly("web.o3.qcow2");
    }

    @Test
    void deletingASnapshotMergesTheNextOnesVolumeIntoIt() {
        var delete = SnapshotChain.delete(chain, second.getId());
        assertThat(delete.target()).isSameAs(second);
        assertThat(delete.next()).isSameAs(third);
    }

    @Test
    void deletingTheNewestMergesTheDiskIntoIt() {
        var delete = SnapshotChain.delete(chain, third.getId());
        assertThat(delete.target()).isSameAs(third);
        assertThat(delete.next()).isNull();
    }

    @Test
    void aSnapshotNotInTheChainIsNotFound() {
        var other = snapshot("other", "db.qcow2").getId();
        assertThatThrownBy(() -> SnapshotChain.revert(chain, other))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("snapshot not found");
        assertThatThrownBy(() -> SnapshotChain.delete(List.of(), other)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void onlyRowsWhoseVolumeIsStillTheActiveDiskAreIncomplete() {
        var unfrozen = snapshot("fourth", "web.o3.qcow2");
        assertThat(SnapshotChain.incomplete(List.of(first, second, third, unfrozen), "web.o3.qcow2"))
                .containsExactly(unfrozen.getId());
        assertThat(SnapshotChain.incomplete(chain, "web.o3.qcow2")).isEmpty();
        assertThat(SnapshotChain.incomplete(List.of(), "web.qcow2")).isEmpty();
    }
}
