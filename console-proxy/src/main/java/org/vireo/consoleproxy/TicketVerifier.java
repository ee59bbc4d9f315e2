package org.vireo.consoleproxy;

import java.util.Optional;

/** Checks a ticket and consumes it: the first call for a valid ticket gets its grant, every later call nothing. */
public interface TicketVerifier {
    Optional<Grant> consume(String ticket);
}
