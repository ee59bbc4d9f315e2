package org.vireo.templates;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vireo.security.SystemActor;

/** Now and then, as the system: URL imports that stopped moving fail ({@link ImageImports#failStalled}). */
@Component
class StalledImports {
    private final ImageImports imports;

    StalledImports(ImageImports imports) {
        this.imports = imports;
    }

    @Scheduled(fixedDelayString = "${vireo.templates.import-stall-check}",
            initialDelayString = "${vireo.templates.import-stall-check}")
    void check() {
        SystemActor.run(imports::failStalled);
    }
}
