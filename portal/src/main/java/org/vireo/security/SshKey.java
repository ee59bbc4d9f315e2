package org.vireo.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** A user's SSH public key (one OpenSSH line), handed to machines that use cloud-init. */
public record SshKey(UUID id, String name, String publicKey, Instant createdAt) {

    /** The key's fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and the unpadded base64 hash. */
    public String fingerprint() {
        byte[] blob = Base64.getDecoder().decode(publicKey.split(" ")[1]);
        try {
            return "SHA256:"
                    + Base64.getEncoder()
                            .withoutPadding()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
