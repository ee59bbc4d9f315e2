package org.vireo.templates;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.*} of templates: Vireo's directory ({@code VIREO_HOME}), whose {@code templates/} holds the demo and
 * Debian templates a first start registers, and the largest image an import accepts
 * ({@code VIREO_IMAGE_MAX_GIB}, virtual or actual size).
 */
@ConfigurationProperties(prefix = "vireo")
public record TemplateSettings(Path home, Templates templates) {
    public TemplateSettings {
        if (home == null) {
            throw new IllegalArgumentException("VIREO_HOME must be set");
        }
        home = home.toAbsolutePath().normalize();
        if (templates == null) {
            throw new IllegalArgumentException("VIREO_IMAGE_MAX_GIB must be set");
        }
    }

    /** Where templates' files lie, {@code VIREO_HOME/templates}. */
    Path directory() {
        return home.resolve("templates");
    }

    /** The directory of the template {@code name} that comes with Vireo. */
    Path bundled(String name) {
        return directory().resolve(name);
    }

    /** {@code vireo.templates.*}. */
    public record Templates(int maxImageGib) {
        public Templates {
            Settings.range("VIREO_IMAGE_MAX_GIB", maxImageGib, 1, 65_536);
        }
    }
}
