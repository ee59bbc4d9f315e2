package org.vireo.security;

public enum Role {
    ADMIN,
    TENANT_ADMIN,
    MEMBER;

    public boolean isTenantRole() {
        return this != ADMIN;
    }
}
