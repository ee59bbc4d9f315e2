package org.vireo.base;

import org.springframework.security.access.AccessDeniedException;

/** Tells Vireo's own refusals from failures of the systems it depends on. */
public final class Refusals {
    private Refusals() {}

    /**
     * Whether {@code e} is a refusal by Vireo itself (bad input, wrong state, quota, not found, not allowed, nothing
     * available): its message holds only message keys and values the caller sent, so anyone may read it. Other
     * exceptions carry the hypervisor's or the database's words, which may name hosts, URIs and paths.
     */
    public static boolean isOwn(Throwable e) {
        return e instanceof InvalidInputException
                || e instanceof ConflictException
                || e instanceof NotFoundException
                || e instanceof UnavailableException
                || e instanceof AccessDeniedException;
    }
}
