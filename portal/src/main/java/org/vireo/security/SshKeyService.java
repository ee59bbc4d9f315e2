package org.vireo.security;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.security.internal.SshKeyEntity;
import org.vireo.security.internal.SshKeyRepository;

/** Users' SSH public keys, handed to machines from cloud-init templates. */
@Service
@PreAuthorize("isAuthenticated()")
public class SshKeyService {
    private static final Set<String> TYPES = Set.of(
            "ssh-ed25519",
            "ssh-rsa",
            "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final Pattern COMMENT = Pattern.compile("^[\\x21-\\x7e ]{0,200}$");
    private final SshKeyRepository keys;
    private final AuditLog audit;

    /** Keys one user may keep: every one of them goes into each new machine's user-data by default. */
    public static final int MAX_KEYS = 50;

    SshKeyService(SshKeyRepository keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @Transactional
    public SshKey add(String name, String publicKey, AuditSource source) {
        var caller = CurrentUser.require();
        String label = Validation.text("name", name, 100);
        String key = normalize(publicKey);
        if (keys.countByUserId(caller.id()) >= MAX_KEYS) {
            throw new InvalidInputException("publicKey", "sshkeys.too-many", MAX_KEYS);
        }
        var saved = keys.save(new SshKeyEntity(caller.id(), label, key)).toKey();
        audit.record(caller.username(), caller.tenantId(), "sshkey.add", label, AuditOutcome.SUCCESS, source, null);
        return saved;
    }

    @Transactional(readOnly = true)
    public List<SshKey> listOwn() {
        return keys.findByUserIdOrderByCreatedAt(CurrentUser.require().id()).stream()
                .map(SshKeyEntity::toKey)
                .toList();
    }

    @Transactional
    public void deleteOwn(UUID id, AuditSource source) {
        var caller = CurrentUser.require();
        var key = keys.findByIdAndUserId(id, caller.id()).orElseThrow(() -> new NotFoundException("ssh key"));
        keys.delete(key);
        audit.record(
                caller.username(),
                caller.tenantId(),
                "sshkey.delete",
                id.toString(),
                AuditOutcome.SUCCESS,
                source,
                null);
    }

    /**
     * Checks an OpenSSH public key line ({@code type base64 [comment]}) and returns it on one line; anything else
     * (private keys, several lines, control characters) is refused.
     */
    static String normalize(String line) {
        if (line == null || line.isBlank()) {
            throw new InvalidInputException("publicKey", "validation.required");
        }
        if (line.length() > 16_384) {
            throw new InvalidInputException("publicKey", "validation.too-long", 16_384);
        }
        String[] parts = line.strip().split(" ", 3);
        if (parts.length < 2
                || !TYPES.contains(parts[0])
                || (parts.length == 3 && !COMMENT.matcher(parts[2]).matches())) {
            throw new InvalidInputException("publicKey", "sshkeys.invalid");
        }
        try {
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            if (blob.length < 20) {
                throw new InvalidInputException("publicKey", "sshkeys.invalid");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("publicKey", "sshkeys.invalid");
        }
        return String.join(" ", parts);
    }
}
