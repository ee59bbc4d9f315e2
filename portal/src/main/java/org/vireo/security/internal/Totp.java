package org.vireo.security.internal;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1, 6 digits, 30 s steps, a
 * 160-bit secret in base32. Codes come from java-otp; this class only picks the steps and keeps a code good once.
 */
public final class Totp {
    private static final TimeBasedOneTimePasswordGenerator CODES = new TimeBasedOneTimePasswordGenerator();
    private static final long STEP_SECONDS = CODES.getTimeStep().toSeconds();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {}

    public static String newSecret() {
        byte[] key = new byte[20];
        RANDOM.nextBytes(key);
        return new Base32().encodeToString(key).replace("=", "");
    }

    /** What an authenticator app reads from the QR code. */
    public static String uri(String issuer, String account, String secret) {
        String label = enc(issuer) + ":" + enc(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=6&period=" + STEP_SECONDS;
    }

    /**
     * The time step {@code code} is right for at {@code now} (one step of clock drift either way), if that step is
     * later than {@code lastUsedStep}: a code seen once is refused after that.
     */
    public static OptionalLong match(String secret, String code, Instant now, long lastUsedStep) {
        String digits = code == null ? "" : code.replaceAll("\\s", "");
        if (!digits.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        long step = now.getEpochSecond() / STEP_SECONDS;
        for (long s = step - 1; s <= step + 1; s++) {
            if (s > lastUsedStep
                    && code(secret, Instant.ofEpochSecond(s * STEP_SECONDS)).equals(digits)) {
                return OptionalLong.of(s);
            }
        }
        return OptionalLong.empty();
    }

    /** The code of {@code secret} at {@code at}. */
    public static String code(String secret, Instant at) {
        try {
            var key = new SecretKeySpec(new Base32().decode(secret), CODES.getAlgorithm());
            return CODES.generateOneTimePasswordString(key, at, Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
