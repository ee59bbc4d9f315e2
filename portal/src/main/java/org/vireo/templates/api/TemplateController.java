package org.vireo.templates.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
import org.vireo.base.Paging;
import org.vireo.templates.ImageImports;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

@RestController
@RequestMapping(produces = "application/json")
class TemplateController {
    private final TemplateService templates;
    private final ImageImports imports;
    private final Messages messages;

    TemplateController(TemplateService templates, ImageImports imports, Messages messages) {
        this.templates = templates;
        this.imports = imports;
        this.messages = messages;
    }

    /**
     * {@code osName}, {@code defaultUser}, {@code statusDetail} (why an import failed, in the caller's language),
     * {@code imageFormat} and {@code sha256} (of an imported file) may be null.
     */
    record TemplateJson(
            UUID id,
            String name,
            int vcpus,
            int memoryMiB,
            int diskGiB,
            int minDiskGiB,
            String kind,
            String osName,
            String defaultUser,
            boolean cloudInit,
            String status,
            int progress,
            String statusDetail,
            String imageFormat,
            String sha256,
            String keymap) {}

    private TemplateJson json(Template t) {
        String detail = StatusDetail.of(messages, t);
        return new TemplateJson(
                t.id(),
                t.name(),
                t.vcpus(),
                t.memoryMiB(),
                t.diskGiB(),
                t.minDiskGiB(),
                t.kind().name(),
                t.osName(),
                t.defaultUser(),
                t.cloudInit(),
                t.status().name(),
                t.progress(),
                detail,
                t.imageFormat(),
                t.sha256(),
                t.keymap());
    }

    /** {@code imagePath}: a file already on the host; else {@code url}, or neither for an upload to follow. */
    record RegisterImageJson(
            String name,
            String imagePath,
            String url,
            String sha256,
            String format,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            Boolean cloudInit,
            String osName,
            String defaultUser,
            String keymap) {}

    /**
     * Operators register a base image already on the host (201, {@code READY}), or import one (202,
     * {@code IMPORTING}): from {@code url}, or from the body of {@code PUT …/image} when no URL is given.
     */
    @PostMapping(path = "/api/v1/admin/templates", consumes = "application/json")
    ResponseEntity<TemplateJson> register(@RequestBody RegisterImageJson body) {
        if (body == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        TemplateService.keymap(body.keymap()); // checked before anything is made
        var registered = registerOrImport(body);
        if (body.keymap() != null) {
            var t = templates.setKeymap(registered.getBody().id(), body.keymap(), AuditSource.API);
            return ResponseEntity.status(registered.getStatusCode()).body(json(t));
        }
        return registered;
    }

    private ResponseEntity<TemplateJson> registerOrImport(RegisterImageJson body) {
        if (body.imagePath() == null) {
            if (body.sha256() != null && body.url() == null) {
                throw new InvalidInputException("sha256", "templates.sha256-needs-url");
            }
            var started = imports.start(
                    new ImageImports.ImportRequest(
                            body.name(),
                            body.url(),
                            body.sha256(),
                            body.format(),
                            body.vcpus(),
                            body.memoryMiB(),
                            body.diskGiB(),
                            Boolean.TRUE.equals(body.cloudInit()),
                            body.osName(),
                            body.defaultUser()),
                    AuditSource.API);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(json(started));
        }
        if (body.url() != null || body.format() != null || body.sha256() != null) {
            throw new InvalidInputException("imagePath", "templates.path-or-url");
        }
        Path path;
        try {
            path = Path.of(body.imagePath());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("imagePath", "templates.file-missing");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(json(templates.registerImage(
                        body.name(),
                        path,
                        body.vcpus(),
                        body.memoryMiB(),
                        body.diskGiB(),
                        Boolean.TRUE.equals(body.cloudInit()),
                        body.osName(),
                        body.defaultUser(),
                        AuditSource.API)));
    }

    /**
     * The image of a template created without {@code imagePath} or {@code url}, as the raw body, streamed to disk
     * and checked: 200 {@code READY}; refused 400 with the reason (the template is then {@code FAILED}); 409 when
     * it has its image already.
     */
    @PutMapping(path = "/api/v1/admin/templates/{id}/image", consumes = "application/octet-stream")
    TemplateJson upload(@PathVariable UUID id, HttpServletRequest request) throws IOException {
        return json(imports.receive(id, request.getInputStream(), request.getContentLengthLong(), AuditSource.API));
    }

    @GetMapping("/api/v1/templates")
    ResponseEntity<List<TemplateJson>> list(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, templates.list(), this::json);
    }

    @GetMapping("/api/v1/templates/{id}")
    TemplateJson get(@PathVariable UUID id) {
        return json(templates.get(id));
    }

    /** 204; 409 while machines use it. */
    @DeleteMapping("/api/v1/admin/templates/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        templates.delete(id, AuditSource.API);
    }
}
