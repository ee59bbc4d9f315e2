package org.vireo.machines;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.vireo.base.Settings;

/**
 * {@code vireo.machines.*}: when a graceful shutdown becomes a power-off ({@code VIREO_SHUTDOWN_TIMEOUT}), when an
 * operation without a heartbeat counts as lost with its process ({@code stale-operation}), how often machines are
 * reconciled with libvirt ({@code reconcile-interval}) and where serial console logs of the portal's own host go
 * ({@code log-dir}).
 */
@ConfigurationProperties(prefix = "vireo.machines")
public record MachineSettings(
        Duration shutdownTimeout, Duration staleOperation, Duration reconcileInterval, Path logDir) {
    public MachineSettings {
        Settings.positive("VIREO_SHUTDOWN_TIMEOUT", shutdownTimeout);
        Settings.positive("vireo.machines.stale-operation", staleOperation);
        Settings.positive("vireo.machines.reconcile-interval", reconcileInterval);
        if (logDir == null) {
            throw new IllegalArgumentException("vireo.machines.log-dir must be set");
        }
    }
}
