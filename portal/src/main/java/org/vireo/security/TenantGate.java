package org.vireo.security;

import java.util.Optional;
import java.util.UUID;

/**
 * Tells security whether a tenant may sign in (and use its tokens). Implemented by the tenants feature, which
 * depends on security, so security asks through this interface instead of depending back.
 */
public interface TenantGate {
    boolean isActive(UUID tenantId);

    /** The tenant of this name (single sign-on's tenant claim), active or not. */
    Optional<UUID> named(String name);

    /** The tenant's display name (an invitation names the tenant it is into). */
    Optional<String> displayName(UUID tenantId);
}
