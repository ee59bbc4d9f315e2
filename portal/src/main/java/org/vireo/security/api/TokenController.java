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
import org.vireo.base.Paging;
import org.vireo.security.ApiTokenInfo;
import org.vireo.security.ApiTokenService;

/** {@code /api/v1/tokens}: issue (HTTP Basic), list and revoke one's own API tokens. */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = "application/json")
class TokenController {
    private final ApiTokenService tokens;

    TokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    record IssueRequest(String name, Integer expiresInDays, String scope) {}

    record IssuedTokenJson(UUID id, String token, Instant expiresAt, String scope) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedTokenJson issue(@RequestBody(required = false) IssueRequest request) {
        var r = request == null ? new IssueRequest(null, null, null) : request;
        var t = tokens.issue(r.name(), r.expiresInDays(), r.scope(), AuditSource.API);
        return new IssuedTokenJson(t.id(), t.token(), t.expiresAt(), t.scope());
    }

    @GetMapping
    ResponseEntity<List<ApiTokenInfo>> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, tokens.listOwn(), t -> t);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable UUID id) {
        tokens.revokeOwn(id, AuditSource.API);
    }
}
