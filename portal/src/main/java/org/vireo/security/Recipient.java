package org.vireo.security;

import java.util.Locale;
import java.util.UUID;

/** Whom a notification goes to: a user with a confirmed address, in their language. */
public record Recipient(UUID userId, String username, String email, Locale locale) {}
