package org.vireo.machines;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.vireo.base.NotFoundException;
import org.vireo.machines.internal.SnapshotEntity;

/**
 * The bookkeeping of a machine's snapshot chain, oldest first (each snapshot's volume lies below the newer ones'
 * and the disk's): which rows a revert or delete touches and which volumes then go. The disk work is
 * {@link SnapshotService}'s.
 */
final class SnapshotChain {
    private SnapshotChain() {}

    /** Reverting to {@code target} drops the {@code newer} snapshots: their volumes build on the state left. */
    record Revert(SnapshotEntity target, List<SnapshotEntity> newer) {
        /** The volumes that go: the newer snapshots', then the disk the machine wrote to until the revert. */
        List<String> volumesToDelete(String oldDisk) {
            var all = new ArrayList<>(
                    newer.stream().map(SnapshotEntity::getVolume).toList());
            all.add(oldDisk);
            return all;
        }
    }

    /**
     * Deleting {@code target} merges the volume above it into its volume: {@code next}'s (whose state then lives in
     * the target's volume), or the disk's when the target is the newest ({@code next} null).
     */
    record Delete(SnapshotEntity target, SnapshotEntity next) {}

    static Revert revert(List<SnapshotEntity> chain, UUID snapshotId) {
        int k = indexOf(chain, snapshotId);
        return new Revert(chain.get(k), chain.subList(k + 1, chain.size()));
    }

    static Delete delete(List<SnapshotEntity> chain, UUID snapshotId) {
        int k = indexOf(chain, snapshotId);
        return new Delete(chain.get(k), k + 1 < chain.size() ? chain.get(k + 1) : null);
    }

    /**
     * The rows whose volume is still the disk the machine writes to ({@code activeVolume}): they never froze
     * anything (the node taking them died between recording and libvirt's snapshot).
     */
    static List<UUID> incomplete(List<SnapshotEntity> chain, String activeVolume) {
        return chain.stream()
                .filter(s -> s.getVolume().equals(activeVolume))
                .map(SnapshotEntity::getId)
                .toList();
    }

    private static int indexOf(List<SnapshotEntity> chain, UUID snapshotId) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).getId().equals(snapshotId)) {
                return i;
            }
        }
        throw new NotFoundException("snapshot");
    }
}
