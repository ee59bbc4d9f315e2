package org.vireo.machines;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.vireo.machines.internal.BackupRepository;

/**
 * {@code vireo.backup.age.seconds{machine=…}}: how long ago each machine's newest complete backup was taken (machines
 * without one are absent), read from the database every minute. Backups done and failed are counted where they end
 * ({@code vireo.backups{outcome=…}}).
 */
@Component
class BackupMetrics {
    private final MultiGauge ages;
    private final BackupRepository backups;

    BackupMetrics(MeterRegistry registry, BackupRepository backups) {
        this.backups = backups;
        this.ages = MultiGauge.builder("vireo.backup.age.seconds")
                .description("seconds since the machine's newest complete backup was taken")
                .baseUnit("seconds")
                .register(registry);
        refresh();
    }

    @Scheduled(fixedDelayString = "${vireo.backups.metrics-refresh:PT60S}")
    void refresh() {
        ages.register(
                backups.newestDoneByMachine().stream()
                        .map(n -> MultiGauge.Row.of(
                                Tags.of("machine", n.getMachineId().toString()),
                                n.getNewest(),
                                (Instant at) ->
                                        Duration.between(at, Instant.now()).toSeconds()))
                        .toList(),
                true);
    }
}
