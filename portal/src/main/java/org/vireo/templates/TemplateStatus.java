package org.vireo.templates;

/** An imported image is checked before tenants see it: {@code IMPORTING} → {@code READY}, or {@code FAILED}. */
public enum TemplateStatus {
    IMPORTING,
    READY,
    FAILED
}
