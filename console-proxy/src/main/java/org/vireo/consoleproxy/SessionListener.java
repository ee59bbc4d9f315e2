package org.vireo.consoleproxy;

import java.time.Instant;

/** Told about every console session, e.g. to audit it (who, machine, start, end, bytes). */
public interface SessionListener {
    void opened(Grant grant, String remote);

    void closed(Grant grant, String remote, Instant started, long bytesToGuest, long bytesToClient, String reason);

    SessionListener NONE = new SessionListener() {
        @Override
        public void opened(Grant grant, String remote) {}

        @Override
        public void closed(
                Grant grant, String remote, Instant started, long bytesToGuest, long bytesToClient, String reason) {}
    };
}
