package org.vireo.audit;

/** Where a state change came from. */
public enum AuditSource {
    UI,
    API,
    SYSTEM
}
