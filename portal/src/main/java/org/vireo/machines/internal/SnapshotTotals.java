package org.vireo.machines.internal;

import java.util.UUID;

/** A tenant's snapshots: how many and their disk GiB. */
public interface SnapshotTotals {
    UUID getTenantId();

    int getSnapshots();

    int getDiskGib();
}
