package org.vireo.audit;

public enum AuditOutcome {
    SUCCESS,
    DENIED,
    FAILED
}
