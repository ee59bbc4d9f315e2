package org.vireo.tenants;

public enum TenantStatus {
    ACTIVE,
    SUSPENDED
}
