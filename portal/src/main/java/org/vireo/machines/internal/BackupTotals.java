package org.vireo.machines.internal;

import java.util.UUID;
import org.vireo.machines.Backup;

/** A tenant's backups in one state: how many and the bytes they store. */
public interface BackupTotals {
    UUID getTenantId();

    Backup.State getState();

    long getBackups();

    long getStoredBytes();
}
