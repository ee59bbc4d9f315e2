package org.vireo.hypervisor;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vireo.*} of the hypervisor: Vireo's directory ({@code VIREO_HOME}), the storage pool every host keeps
 * machines' disks in ({@code VIREO_STORAGE_POOL}, {@code VIREO_STORAGE_DIR}), the portal's own host
 * ({@code VIREO_LIBVIRT_URI}) and its accelerator ({@code VIREO_ACCELERATOR}: kvm, tcg, or empty for what
 * {@code scripts/setup-host} recorded).
 */
@ConfigurationProperties(prefix = "vireo")
public record LocalHypervisorSettings(Path home, Storage storage, Libvirt libvirt, Accel hypervisor) {
    public LocalHypervisorSettings {
        if (home == null) {
            throw new IllegalArgumentException("VIREO_HOME must be set");
        }
        home = home.toAbsolutePath().normalize();
        if (storage == null || libvirt == null) {
            throw new IllegalArgumentException("vireo.storage and vireo.libvirt must be set");
        }
        hypervisor = hypervisor == null ? new Accel("") : hypervisor;
    }

    /** {@code vireo.storage.*}. */
    public record Storage(String pool, Path poolDir) {
        public Storage {
            if (pool == null || pool.isBlank() || pool.contains("/")) {
                throw new IllegalArgumentException("VIREO_STORAGE_POOL must be a libvirt pool name, was " + pool);
            }
            if (poolDir == null) {
                throw new IllegalArgumentException("VIREO_STORAGE_DIR must be set");
            }
            poolDir = poolDir.toAbsolutePath().normalize();
        }
    }

    /** {@code vireo.libvirt.uri}: a URI, an alias from libvirt.conf, or empty for libvirt's default. */
    public record Libvirt(String uri) {
        public Libvirt {
            uri = uri == null ? "" : uri.strip();
        }
    }

    /** {@code vireo.hypervisor.accelerator}. */
    public record Accel(String accelerator) {
        public Accel {
            accelerator = accelerator == null ? "" : accelerator.strip();
            if (!accelerator.isEmpty()) {
                try {
                    Accelerator.parse(accelerator);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("VIREO_ACCELERATOR: " + e.getMessage());
                }
            }
        }
    }
}
