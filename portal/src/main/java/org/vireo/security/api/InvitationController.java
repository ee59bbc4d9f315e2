package org.vireo.security.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
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
import org.vireo.security.CurrentUser;
import org.vireo.security.InvitationView;
import org.vireo.security.Invitations;
import org.vireo.security.Role;

/**
 * {@code /api/v1/invitations}: tenant admins invite people into their tenant by e-mail (the mail is in the
 * request's language), list the open invitations and withdraw them; operators name the tenant. Members get 403.
 */
@RestController
@RequestMapping(path = "/api/v1/invitations", produces = "application/json")
class InvitationController {
    private final Invitations invitations;

    InvitationController(Invitations invitations) {
        this.invitations = invitations;
    }

    record InvitationJson(
            UUID id, UUID tenantId, String email, Role role, String invitedBy, Instant createdAt, Instant expiresAt) {
        static InvitationJson of(InvitationView i) {
            return new InvitationJson(
                    i.id(), i.tenantId(), i.email(), i.role(), i.invitedBy(), i.createdAt(), i.expiresAt());
        }
    }

    record InviteJson(String email, Role role, UUID tenantId) {}

    @GetMapping
    List<InvitationJson> list(@RequestParam(required = false) UUID tenant) {
        var caller = CurrentUser.require();
        UUID tenantId = caller.isAdmin() ? tenant : caller.tenantId();
        if (tenantId == null) {
            throw new InvalidInputException("tenant", "validation.required");
        }
        return invitations.open(tenantId).stream().map(InvitationJson::of).toList();
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    InvitationJson invite(@RequestBody InviteJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return InvitationJson.of(invitations.invite(
                body.tenantId(), body.email(), body.role(), LocaleContextHolder.getLocale(), AuditSource.API));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable UUID id) {
        invitations.revoke(id, AuditSource.API);
    }
}
