package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;

/** Usage samples read from the real libvirt's counters, stored, averaged into the day series and pruned. */
@IntegrationTest
@TestPropertySource(properties = "vireo.usage.interval=PT1H") // the test drives the sampling rounds itself
class UsageHistoryIT {
    @Autowired
    DemoTenant demo;

    @Autowired
    UsageHistory usage;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void runningMachinesAreSampledIntoBoundedSeries() throws Exception {
        var m = demo.create("usage-it", true);
        try {
            // An old fine sample (past the hour) and an old coarse one (past the day) of this machine.
            insert(m, 10, Instant.now().minus(Duration.ofMinutes(61)), 50);
            insert(m, 300, Instant.now().minus(Duration.ofHours(25)), 50);
            insert(m, 10, Instant.now().minus(Duration.ofMinutes(2)), 40);

            SystemActor.run(() -> usage.sample()); // the first reading only sets the baseline
            Thread.sleep(1500);
            int sampled = SystemActor.call(() -> usage.sample());
            assertThat(sampled).isGreaterThanOrEqualTo(1);

            var hour = Actors.as(demo.user(), () -> usage.history(m.id(), UsageHistory.Window.HOUR));
            assertThat(hour)
                    .as("the 2-minute-old sample and the new one; the 61-minute-old one pruned")
                    .hasSize(2);
            var latest = hour.get(hour.size() - 1);
            assertThat(latest.cpuPercent())
                    .as("a booting TCG guest")
                    .isGreaterThan(0)
                    .isLessThanOrEqualTo(100);
            assertThat(latest.memoryMiB()).isGreaterThan(10);
            assertThat(latest.at()).isAfter(Instant.now().minusSeconds(10));
            // The demo guest configures no address and tenant networks have no DHCP: libvirt knows none.
            assertThat(Actors.as(demo.user(), () -> usage.addresses(m.id()))).isEmpty();

            var day = Actors.as(demo.user(), () -> usage.history(m.id(), UsageHistory.Window.DAY));
            assertThat(day)
                    .as("the 25-hour-old average is pruned")
                    .allMatch(s -> s.at().isAfter(Instant.now().minus(Duration.ofHours(24))));
            assertThat(jdbc.queryForObject(
                            "select count(*) from machine_sample where machine_id = ? and " + "resolution = 300",
                            Integer.class,
                            m.id()))
                    .isLessThanOrEqualTo(1);
        } finally {
            demo.delete(m.id());
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from machine_sample where machine_id = ?", Integer.class, m.id()))
                .as("samples go with the machine")
                .isZero();
    }

    @Test
    void aFiveMinuteBucketIsAveraged() {
        var m = demo.create("usage-avg", false);
        try {
            Instant bucket = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 300 * 300);
            insert(m, 10, bucket.minusSeconds(200), 10);
            insert(m, 10, bucket.minusSeconds(100), 30);
            jdbc.update("delete from machine_sample where resolution = 300 and at >= ?", Timestamp.from(bucket));
            SystemActor.run(() -> usage.sample());
            var avg = jdbc.queryForObject(
                    "select cpu_percent from machine_sample where machine_id = ? and " + "resolution = 300 and at = ?",
                    Double.class,
                    m.id(),
                    Timestamp.from(bucket));
            assertThat(avg).isEqualTo(20.0);
        } finally {
            demo.delete(m.id());
        }
    }

    private void insert(Machine m, int series, Instant at, double cpu) {
        jdbc.update(
                "insert into machine_sample (machine_id, resolution, at, cpu_percent, memory_mib, disk_read_bps, "
                        + "disk_write_bps, net_rx_bps, net_tx_bps) values (?, ?, ?, ?, 100, 0, 0, 0, 0)",
                m.id(),
                series,
                Timestamp.from(at),
                cpu);
    }
}
