package org.vireo.templates.api;

import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vireo.templates.TemplateService;

@RestController
@RequestMapping(path = "/api/v1/templates", produces = "application/json")
class TemplateController {
    private final TemplateService templates;

    TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    record TemplateJson(UUID id, String name, int vcpus, int memoryMiB, int diskGiB, String kind) {
    }

    @GetMapping
    List<TemplateJson> list() {
        return templates.list().stream().map(t -> new TemplateJson(t.id(), t.name(), t.vcpus(), t.memoryMiB(),
                t.diskGiB(), t.kind().name())).toList();
    }
}
