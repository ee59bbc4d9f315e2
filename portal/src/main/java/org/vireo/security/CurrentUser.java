package org.vireo.security;

import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting. Services take it from the security context rather than from callers, so a view or controller
 * cannot act for another user or tenant.
 */
public record CurrentUser(UUID id, String username, Role role, UUID tenantId) {

    /** The system itself (bootstrap, reconciler): an operator with no tenant. */
    public static final CurrentUser SYSTEM = new CurrentUser(new UUID(0, 0), "system", Role.ADMIN, null);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public static Optional<CurrentUser> find() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof VireoPrincipal p) {
            return Optional.of(p.currentUser());
        }
        return Optional.empty();
    }

    public static CurrentUser require() {
        return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("not signed in"));
    }
}
