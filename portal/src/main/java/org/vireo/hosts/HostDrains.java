package org.vireo.hosts;

import java.util.Optional;
import java.util.UUID;
import org.vireo.audit.AuditSource;

/**
 * Moves every machine off a host in maintenance to the others, a few at a time (the machines module does it: hosts
 * know no machines).
 */
public interface HostDrains {
    /** Starts draining {@code host} in the background; a drain already running there goes on. */
    void start(Host host, AuditSource source);

    /** No further moves start; the ones under way finish. */
    void stop(UUID hostId);

    /** The host's last drain since the portal started, if any. */
    Optional<DrainStatus> status(UUID hostId);
}
