package org.vireo.security;

import java.time.Instant;
import java.util.UUID;

/** A user's account was signed in to from an address it had not been signed in from before. */
public record SignedInFromNewAddress(UUID userId, String address, Instant at) {}
