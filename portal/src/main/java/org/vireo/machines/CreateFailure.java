package org.vireo.machines;

import org.vireo.base.OperationFailedException;

/**
 * What a create that failed on its host reports: the {@link #reason} in the log and the audit, and to the caller a
 * full pool as no room ({@code storage-full}), anything else as a failed create.
 */
record CreateFailure(Exception cause) {
    /** The row's state detail while a clean-up the host refused waits for the next reconcile. */
    static final String CLEAN_UP_PENDING = "create failed, clean-up pending";

    /** The failure's message, else its type. */
    String reason() {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    String auditDetail(String hostName) {
        return "host=" + hostName + ": " + reason();
    }

    RuntimeException told() {
        if (storageFull()) {
            return new Placement.NoRoomException("storage-full", "machines.storage-full", reason());
        }
        return new OperationFailedException("machines.create-failed", reason(), cause);
    }

    /** ENOSPC from qemu-img or libvirt, anywhere in the cause chain. */
    boolean storageFull() {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null
                    && (t.getMessage().contains("No space left on device")
                            || t.getMessage().contains("not enough free space"))) {
                return true;
            }
        }
        return false;
    }
}
