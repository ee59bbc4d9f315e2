package org.vireo.base;

import org.springframework.security.core.context.SecurityContextHolder;

/** What shared code may know about the caller without depending on the security module. */
public final class Callers {
    /** The authority of operators (the security module's role {@code ADMIN}, also held by the system actor). */
    static final String OPERATOR_AUTHORITY = "ROLE_ADMIN";

    private Callers() {}

    /**
     * Whether the signed-in caller is an operator, who may see infrastructure (hosts, URIs, paths, capacities,
     * the hypervisor's messages). False when nobody is signed in.
     */
    public static boolean isOperator() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null
                && auth.isAuthenticated()
                && auth.getAuthorities().stream().anyMatch(a -> OPERATOR_AUTHORITY.equals(a.getAuthority()));
    }
}
