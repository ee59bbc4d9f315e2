package org.vireo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.vireo.support.LocalPostgres;

/** Two nodes' leases on one real PostgreSQL: one leads at a time, the other takes over once it stops renewing. */
class NodeLeaseIT {
    static LocalPostgres postgres;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void database() throws Exception {
        postgres = LocalPostgres.start();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), "vireo", ""));
        jdbc.execute(Files.readString(Path.of("src/main/resources/db/migration/V006__cluster_lease.sql")));
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void oneNodeLeadsAndTheOtherTakesOverAfterTheLeaseRunsOut() throws Exception {
        List<Object> gained = new ArrayList<>();
        var a = new NodeLease(
                jdbc, gained::add, new ClusterSettings("node-a", Duration.ofSeconds(2), Duration.ofSeconds(1)));
        var b = new NodeLease(
                jdbc, gained::add, new ClusterSettings("node-b", Duration.ofSeconds(2), Duration.ofSeconds(1)));
        a.renew();
        b.renew();
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        assertThat(a.holder()).isEqualTo("node-a");
        assertThat(gained).containsExactly(new LeadershipGained("node-a"));

        // A keeps renewing: B never gets it.
        for (int i = 0; i < 5; i++) {
            Thread.sleep(500);
            a.renew();
            b.renew();
            assertThat(b.isLeader()).isFalse();
        }

        // A stops (dies): it stops leading by its own clock before B can take the row.
        long stopped = System.nanoTime();
        while (a.isLeader()) {
            Thread.sleep(50);
        }
        long aStoppedMs = (System.nanoTime() - stopped) / 1_000_000;
        while (!b.isLeader()) {
            b.renew();
            Thread.sleep(50);
        }
        long bTookMs = (System.nanoTime() - stopped) / 1_000_000;
        assertThat(aStoppedMs).isLessThan(bTookMs);
        assertThat(bTookMs).isLessThan(3_000);
        assertThat(a.holder()).isEqualTo("node-b");
        assertThat(gained).endsWith(new LeadershipGained("node-b"));
        a.renew();
        assertThat(a.isLeader())
                .as("the old leader does not grab it back while B renews")
                .isFalse();
    }
}
