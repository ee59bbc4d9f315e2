package org.vireo.machines;

import jakarta.annotation.PreDestroy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.vireo.base.ConflictException;
import org.vireo.cluster.NodeLease;

/**
 * The long operation each machine is in, recorded in the database (table {@code machine_operation}): at most one
 * per machine, owned by this portal process, whose heartbeat it renews every quarter of
 * {@code vireo.machines.stale-operation}. An operation whose heartbeat is older than that lost its process (killed,
 * crashed, cut off from the database); the reconciler takes it over. An operation in progress on another node is
 * never mistaken for an abandoned one, however long it takes (a template copy to a remote host, a slow rebuild).
 */
@Component
class MachineOperations {
    private static final Logger log = LoggerFactory.getLogger(MachineOperations.class);
    /** A heartbeat no reconciler takes for fresh: an operation given up on purpose (see {@link #abandon}). */
    private static final Instant ABANDONED = Instant.EPOCH;

    /** What a machine is in: create, delete or a {@link MachineAction}'s name. */
    record Operation(UUID machineId, String kind, String owner, Instant startedAt, Instant heartbeatAt) {}

    static final String CREATE = "CREATE";
    static final String DELETE = "DELETE";

    private final JdbcTemplate jdbc;
    private final Duration stale;
    private final Clock clock;
    /** This process (a restarted node is another owner: it does not renew what its predecessor left). */
    private final String owner;

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "vireo-operation-heartbeat");
        t.setDaemon(true);
        return t;
    });

    @Autowired
    MachineOperations(JdbcTemplate jdbc, NodeLease lease, MachineSettings settings) {
        this(
                jdbc,
                lease.nodeId() + "#" + UUID.randomUUID().toString().substring(0, 8),
                settings.staleOperation(),
                Clock.systemUTC());
        long every = Math.max(200, Math.min(10_000, settings.staleOperation().toMillis() / 4));
        heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    MachineOperations(JdbcTemplate jdbc, String owner, Duration stale, Clock clock) {
        this.jdbc = jdbc;
        this.owner = owner;
        this.stale = stale;
        this.clock = clock;
    }

    /**
     * Records that this process starts {@code kind} on the machine, in the caller's transaction (which holds the
     * machine's row lock, so two claims of one machine do not interleave); 409 {@code machines.busy} when the
     * machine is in an operation already, here or on another node.
     */
    void begin(UUID machineId, String kind) {
        if (busy(machineId)) {
            throw new ConflictException("machines.busy");
        }
        var now = Timestamp.from(clock.instant());
        jdbc.update(
                "insert into machine_operation (machine_id, kind, owner, started_at, heartbeat_at) "
                        + "values (?, ?, ?, ?, ?)",
                machineId,
                kind,
                owner,
                now,
                now);
    }

    /** Whether the machine is in an operation (in progress anywhere, or abandoned and not yet taken over). */
    boolean busy(UUID machineId) {
        return jdbc.queryForObject(
                        "select count(*) from machine_operation where machine_id = ?", Integer.class, machineId)
                > 0;
    }

    /** The operation ends (the machine's row may be gone already: then so is the operation's). */
    void end(UUID machineId) {
        jdbc.update("delete from machine_operation where machine_id = ?", machineId);
    }

    /** This process gives the operation up: the next reconcile, on any node, takes it over. */
    void abandon(UUID machineId) {
        jdbc.update(
                "update machine_operation set heartbeat_at = ? where machine_id = ?",
                Timestamp.from(ABANDONED),
                machineId);
    }

    Optional<Operation> find(UUID machineId) {
        return jdbc
                .query("select * from machine_operation where machine_id = ?", (rs, i) -> row(rs), machineId)
                .stream()
                .findFirst();
    }

    /** Every machine's operation, by machine. */
    Map<UUID, Operation> all() {
        var result = new HashMap<UUID, Operation>();
        jdbc.query("select * from machine_operation", (rs, i) -> row(rs)).forEach(o -> result.put(o.machineId(), o));
        return result;
    }

    /** Whether the operation's process stopped renewing it (died, or gave it up). */
    boolean abandoned(Operation operation) {
        return operation.heartbeatAt().isBefore(clock.instant().minus(stale));
    }

    void renew() {
        try {
            jdbc.update(
                    "update machine_operation set heartbeat_at = ? where owner = ? and heartbeat_at > ?",
                    Timestamp.from(clock.instant()),
                    owner,
                    Timestamp.from(ABANDONED));
        } catch (DataAccessException e) {
            log.debug("operation heartbeat not written: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
    }

    private static Operation row(ResultSet rs) throws SQLException {
        return new Operation(
                rs.getObject("machine_id", UUID.class),
                rs.getString("kind"),
                rs.getString("owner"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("heartbeat_at").toInstant());
    }
}
