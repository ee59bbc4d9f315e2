package org.vireo.templates;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditSource;
import org.vireo.security.SystemActor;

/**
 * Registers "Debian 12" on first start when {@code scripts/build-template debian-12} has built its image in
 * {@code ${vireo.home}/templates/debian-12} (skipped with {@code VIREO_DEMO_DEBIAN=false}).
 */
@Component
@Order(21)
@ConditionalOnProperty(name = "vireo.bootstrap.debian-template", havingValue = "true", matchIfMissing = true)
class DebianTemplateBootstrap implements ApplicationRunner {
    static final String NAME = "Debian 12";
    private static final Logger log = LoggerFactory.getLogger(DebianTemplateBootstrap.class);
    private final TemplateService templates;
    private final Path image;

    DebianTemplateBootstrap(TemplateService templates, TemplateSettings settings) {
        this.templates = templates;
        this.image = settings.bundled("debian-12").resolve("debian-12.qcow2");
    }

    @Override
    public void run(ApplicationArguments args) {
        SystemActor.run(() -> {
            if (templates.exists(NAME)) {
                return;
            }
            if (!Files.isRegularFile(image)) {
                log.warn(
                        "no Debian image at {} (scripts/build-template debian-12 builds it); not registering '{}'",
                        image,
                        NAME);
                return;
            }
            templates.registerImage(
                    NAME, image, 1, 1024, null, true, "Debian 12 (bookworm)", "debian", AuditSource.SYSTEM);
            log.info("registered template '{}' from {}", NAME, image);
        });
    }
}
