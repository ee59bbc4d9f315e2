package org.vireo.security;

/** Role names for {@code @RolesAllowed} and {@code hasRole(..)}. */
public final class Roles {
    /** The hosting provider's operator: manages tenants, templates and hosts. Belongs to no tenant. */
    public static final String ADMIN = "ADMIN";
    /** Manages its own tenant's users and machines. */
    public static final String TENANT_ADMIN = "TENANT_ADMIN";
    /** Uses its tenant's machines. */
    public static final String MEMBER = "MEMBER";

    private Roles() {}
}
