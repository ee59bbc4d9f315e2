package org.vireo.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The tokens of mailed links (address confirmation, new password, invitation): 256 random bits, URL-safe, stored only
 * as their SHA-256 like API tokens.
 */
final class LinkTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LinkTokens() {}

    static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The stored form of a token from a link; empty for none, or one too long to be one of ours. */
    static Optional<String> hash(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return Optional.of(ApiTokenService.hash(token));
    }
}
