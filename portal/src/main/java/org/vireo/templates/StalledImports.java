package org.vireo.templates;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vireo.security.SystemActor;

/** Now and then, as the system: imports off pace or left behind fail ({@link ImageImports#watch}). */
@Component
class StalledImports {
    private final ImageImports imports;

    StalledImports(ImageImports imports) {
        this.imports = imports;
    }

    @Scheduled(
            fixedDelayString = "${vireo.templates.import.check}",
            initialDelayString = "${vireo.templates.import.check}")
    void check() {
        SystemActor.run(imports::watch);
    }
}
