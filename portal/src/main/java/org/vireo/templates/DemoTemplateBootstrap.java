package org.vireo.templates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditSource;
import org.vireo.security.SystemActor;

/**
 * Registers "Vireo Demo (busybox)" on first start when {@code scripts/build-demo-template} has put its files in
 * {@code ${vireo.home}/templates/vireo-demo}.
 */
@Component
@Order(20)
class DemoTemplateBootstrap implements ApplicationRunner {
    static final String NAME = "Vireo Demo (busybox)";
    private static final Logger log = LoggerFactory.getLogger(DemoTemplateBootstrap.class);
    private final TemplateService templates;
    private final Path dir;

    DemoTemplateBootstrap(TemplateService templates, TemplateSettings settings) {
        this.templates = templates;
        this.dir = settings.bundled("vireo-demo");
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        SystemActor.run(() -> {
            if (templates.exists(NAME)) {
                return;
            }
            var kernel = dir.resolve("vmlinuz");
            var initrd = dir.resolve("initrd.img");
            if (!Files.isRegularFile(kernel) || !Files.isRegularFile(initrd)) {
                log.warn("demo template files missing in {} (run scripts/setup-host); not registering '{}'", dir, NAME);
                return;
            }
            String cmdline;
            try {
                var file = dir.resolve("cmdline");
                cmdline = Files.isRegularFile(file) ? Files.readString(file).strip() : "console=tty1 console=ttyS0";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            templates.registerKernelBoot(NAME, kernel, initrd, cmdline, 1, 256, 1, AuditSource.SYSTEM);
            log.info("registered template '{}' from {}", NAME, dir);
        });
    }
}
