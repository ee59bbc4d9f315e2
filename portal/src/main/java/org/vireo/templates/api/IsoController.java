package org.vireo.templates.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Messages;
import org.vireo.base.NotFoundException;
import org.vireo.base.Paging;
import org.vireo.security.CurrentUser;
import org.vireo.templates.ImageImports;
import org.vireo.templates.IsoTenants;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateKind;
import org.vireo.templates.TemplateService;

/** The ISO library: operators import ISOs like images (URL or upload); tenants list them and insert them. */
@RestController
@RequestMapping(produces = "application/json")
class IsoController {
    private final TemplateService templates;
    private final ImageImports imports;
    private final Messages messages;
    private final IsoTenants isoTenants;

    IsoController(TemplateService templates, ImageImports imports, Messages messages, IsoTenants isoTenants) {
        this.templates = templates;
        this.imports = imports;
        this.messages = messages;
        this.isoTenants = isoTenants;
    }

    /** {@code tenantIds} (operators only): the tenants it is shown to; left out when it is shown to all. */
    record IsoJson(
            UUID id,
            String name,
            String status,
            int progress,
            String statusDetail,
            String sha256,
            Instant createdAt,
            List<UUID> tenantIds) {}

    private IsoJson json(Template t) {
        String detail = StatusDetail.of(messages, t);
        List<UUID> shownTo = CurrentUser.require().isAdmin()
                ? isoTenants
                        .shownTo(t.id())
                        .map(ids -> ids.stream().sorted().toList())
                        .orElse(null)
                : null;
        return new IsoJson(
                t.id(), t.name(), t.status().name(), t.progress(), detail, t.sha256(), t.createdAt(), shownTo);
    }

    /** {@code tenantIds} absent or null: shown to all tenants once ready; else to these only. */
    record ImportIsoJson(String name, String url, String sha256, List<UUID> tenantIds) {}

    record IsoTenantsJson(List<UUID> tenantIds) {}

    @GetMapping("/api/v1/isos")
    ResponseEntity<List<IsoJson>> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, templates.isos(), this::json);
    }

    /** 202 {@code IMPORTING}: fetched from {@code url}, or without one the file follows as {@code PUT …/image}. */
    @PostMapping(path = "/api/v1/admin/isos", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    IsoJson importIso(@RequestBody ImportIsoJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        if (body.sha256() != null && body.url() == null) {
            throw new InvalidInputException("sha256", "templates.sha256-needs-url");
        }
        return json(imports.start(
                new ImageImports.ImportRequest(
                        body.name(), body.url(), body.sha256(), "iso", null, null, null, false, null, null),
                isoTenants.check(body.tenantIds()),
                AuditSource.API));
    }

    /** 200: from now on shown to these tenants only ({@code tenantIds} null: to all). */
    @PutMapping(path = "/api/v1/admin/isos/{id}/tenants", consumes = "application/json")
    IsoJson tenants(@PathVariable UUID id, @RequestBody IsoTenantsJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        return json(isoTenants.show(id, body.tenantIds(), AuditSource.API));
    }

    @PutMapping(path = "/api/v1/admin/isos/{id}/image", consumes = "application/octet-stream")
    IsoJson upload(@PathVariable UUID id, HttpServletRequest request) throws IOException {
        iso(id);
        return json(imports.receive(id, request.getInputStream(), request.getContentLengthLong(), AuditSource.API));
    }

    /** 204; 409 while it is in a machine's drive. */
    @DeleteMapping("/api/v1/admin/isos/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        iso(id);
        templates.delete(id, AuditSource.API);
    }

    private void iso(UUID id) {
        if (templates.get(id).kind() != TemplateKind.ISO) {
            throw new NotFoundException("iso");
        }
    }
}
