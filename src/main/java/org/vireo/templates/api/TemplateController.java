package org.vireo.templates.api;

import java.util.List;
import java.util.UUID;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Paging;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.templates.Template;
import org.vireo.templates.TemplateService;

@RestController
@RequestMapping(produces = "application/json")
class TemplateController {
    private final TemplateService templates;

    TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    /** {@code osName} and {@code defaultUser} may be null. */
    record TemplateJson(UUID id, String name, int vcpus, int memoryMiB, int diskGiB, String kind, String osName,
                        String defaultUser, boolean cloudInit) {
        static TemplateJson of(Template t) {
            return new TemplateJson(t.id(), t.name(), t.vcpus(), t.memoryMiB(), t.diskGiB(), t.kind().name(),
                    t.osName(), t.defaultUser(), t.cloudInit());
        }
    }

    record RegisterImageJson(String name, String imagePath, Integer vcpus, Integer memoryMiB, Integer diskGiB,
                             Boolean cloudInit, String osName, String defaultUser) {
    }

    /** Operators register a qcow2 base image that is already on the host. */
    @PostMapping(path = "/api/v1/admin/templates", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    TemplateJson register(@RequestBody RegisterImageJson body) {
        if (body == null || body.imagePath() == null) {
            throw new InvalidInputException("imagePath", "validation.required");
        }
        Path path;
        try {
            path = Path.of(body.imagePath());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("imagePath", "templates.file-missing");
        }
        return TemplateJson.of(templates.registerImage(body.name(), path, body.vcpus(), body.memoryMiB(),
                body.diskGiB(), Boolean.TRUE.equals(body.cloudInit()), body.osName(), body.defaultUser(),
                AuditSource.API));
    }

    @GetMapping("/api/v1/templates")
    ResponseEntity<List<TemplateJson>> list(@RequestParam(required = false) Integer page,
                                            @RequestParam(required = false) Integer size) {
        return Paging.respond(page, size, templates.list(), TemplateJson::of);
    }

    @GetMapping("/api/v1/templates/{id}")
    TemplateJson get(@PathVariable UUID id) {
        return TemplateJson.of(templates.get(id));
    }

    /** 204; 409 while machines use it. */
    @DeleteMapping("/api/v1/admin/templates/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        templates.delete(id, AuditSource.API);
    }
}
