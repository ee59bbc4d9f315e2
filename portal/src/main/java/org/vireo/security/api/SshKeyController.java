package org.vireo.security.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.vireo.security.SshKey;
import org.vireo.security.SshKeyService;

/** {@code /api/v1/ssh-keys}: the caller's own SSH public keys, as on the SSH keys page. */
@RestController
@RequestMapping(path = "/api/v1/ssh-keys", produces = "application/json")
class SshKeyController {
    private final SshKeyService keys;

    SshKeyController(SshKeyService keys) {
        this.keys = keys;
    }

    record AddKeyJson(String name, String publicKey) {}

    record KeyJson(UUID id, String name, String fingerprint, String publicKey, Instant createdAt) {
        static KeyJson of(SshKey k) {
            return new KeyJson(k.id(), k.name(), k.fingerprint(), k.publicKey(), k.createdAt());
        }
    }

    @GetMapping
    ResponseEntity<List<KeyJson>> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, keys.listOwn(), KeyJson::of);
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    KeyJson add(@RequestBody AddKeyJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return KeyJson.of(keys.add(body.name(), body.publicKey(), AuditSource.API));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        keys.deleteOwn(id, AuditSource.API);
    }
}
