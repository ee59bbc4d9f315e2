package org.vireo.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which portal node does the work that must run once: a lease row in the shared database, taken with one
 * conditional UPDATE (free, expired, or already ours) and renewed every second. A node that cannot renew stops
 * leading when its lease runs out, before another node can take it over. With the embedded H2 database there is
 * only one node, which always leads.
 */
@Component
@EnableConfigurationProperties(ClusterSettings.class)
public class NodeLease {
    private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Duration ttl;
    private final String nodeId;
    private final Clock clock = Clock.systemUTC();
    /** Until when this node may act as leader (local view of its last successful renewal). */
    private volatile Instant leadingUntil = Instant.EPOCH;
    /** Embedded H2: one process owns the database file, so it is the only node (null: not known yet). */
    private Boolean single;

    NodeLease(JdbcTemplate jdbc, ApplicationEventPublisher events, ClusterSettings settings) {
        this.jdbc = jdbc;
        this.events = events;
        this.ttl = settings.leaseTtl();
        this.nodeId = settings.nodeId().isBlank() ? defaultNodeId() : settings.nodeId();
    }

    public String nodeId() {
        return nodeId;
    }

    /** Whether this node holds the lease now. */
    public boolean isLeader() {
        return clock.instant().isBefore(leadingUntil);
    }

    @Scheduled(fixedDelayString = "${vireo.cluster.lease-renew}")
    void renew() {
        Instant now = clock.instant();
        boolean wasLeader = isLeader();
        boolean got;
        try {
            if (single == null) {
                single = jdbc.execute((Connection c) -> c.getMetaData().getDatabaseProductName())
                        .toLowerCase()
                        .contains("h2");
            }
            got = jdbc.update(
                            "update cluster_lease set holder = ?, expires_at = ? where name = 'leader' "
                                    + "and (holder = ? or expires_at < ? or ?)",
                            nodeId,
                            Timestamp.from(now.plus(ttl)),
                            nodeId,
                            Timestamp.from(now),
                            single)
                    == 1;
        } catch (RuntimeException e) {
            got = false;
            log.debug("lease not renewed: {}", e.getMessage());
        }
        if (got) {
            // A margin for clock drift and the time the UPDATE took: stop a little before the row says.
            leadingUntil = now.plus(ttl.multipliedBy(3).dividedBy(4));
            if (!wasLeader) {
                log.info("node {} now runs the reconciler, event handling and usage sampling", nodeId);
                events.publishEvent(new LeadershipGained(nodeId));
            }
        } else if (wasLeader && !isLeader()) {
            log.warn("node {} lost the lease; another node takes over", nodeId);
        }
    }

    /** The node holding the lease according to the database (for health and tests), or null. */
    public String holder() {
        return jdbc.queryForObject(
                "select case when expires_at > ? then holder end from cluster_lease " + "where name = 'leader'",
                String.class,
                Timestamp.from(clock.instant()));
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
