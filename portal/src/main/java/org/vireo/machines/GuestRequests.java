package org.vireo.machines;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.vireo.base.InvalidInputException;
import org.vireo.security.SshKeyService;
import org.vireo.templates.Template;

/**
 * What cloud-init gets at a create or rebuild, checked before anything is reserved: the caller's chosen SSH keys,
 * their user-data (YAML), a generated password for the template's user.
 */
@Component
class GuestRequests {
    private final SshKeyService sshKeys;

    GuestRequests(SshKeyService sshKeys) {
        this.sshKeys = sshKeys;
    }

    /** The guest's configuration, and the generated password in clear (shown once, never stored nor logged). */
    record GuestRequest(CloudInit.Guest guest, String password) {}

    GuestRequest of(CreateMachine cmd, Template template) {
        boolean wantsPassword = Boolean.TRUE.equals(cmd.password());
        if (!template.cloudInit()) {
            if (cmd.userData() != null && !cmd.userData().isBlank()) {
                throw new InvalidInputException("userData", "machines.no-cloud-init");
            }
            if (wantsPassword) {
                throw new InvalidInputException("password", "machines.no-cloud-init");
            }
            return new GuestRequest(null, null);
        }
        if (wantsPassword && template.defaultUser() == null) {
            throw new InvalidInputException("password", "machines.password-no-user");
        }
        var config = CloudInit.parseUserData(cmd.userData());
        var own = sshKeys.listOwn();
        List<String> keys;
        if (cmd.sshKeyIds() == null) {
            keys = own.stream().map(k -> k.publicKey()).toList();
        } else {
            keys = new ArrayList<>();
            for (UUID keyId : new LinkedHashSet<>(cmd.sshKeyIds())) {
                keys.add(own.stream()
                        .filter(k -> k.id().equals(keyId))
                        .findFirst()
                        .orElseThrow(() -> new InvalidInputException("sshKeyIds", "machines.ssh-key-unknown"))
                        .publicKey());
            }
        }
        String password = wantsPassword ? CloudInit.generatePassword() : null;
        var guest = new CloudInit.Guest(
                keys, template.defaultUser(), password == null ? null : CloudInit.hash(password), config);
        // checked here, before any quota is reserved: keys and user-data together must fit the seed
        if (CloudInit.userData(cmd.name() == null ? "" : cmd.name(), guest).getBytes(StandardCharsets.UTF_8).length
                > CloudInit.MAX_MERGED_USER_DATA_BYTES) {
            throw new InvalidInputException(
                    "sshKeyIds", "machines.user-data-merged-too-long", CloudInit.MAX_MERGED_USER_DATA_BYTES / 1024);
        }
        return new GuestRequest(guest, password);
    }
}
