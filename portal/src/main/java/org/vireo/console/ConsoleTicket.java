package org.vireo.console;

import java.time.Instant;

/** Where the browser connects for one console session: a {@code ws(s)://} URL carrying a single-use ticket. */
public record ConsoleTicket(String url, Instant expiresAt) {}
