package org.vireo.traffic.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Tables {@code traffic_counter} (the last counters read per machine interface) and {@code traffic_day} (bytes per
 * machine, host, day and kind). One writer: the node that samples.
 */
@Repository
public class TrafficStore {
    /** The start of every query of {@code traffic_day} rows (read by {@link #day}). */
    private static final String DAYS =
            "select machine_id, host_id, tenant_id, on_day, kind, rx_bytes, tx_bytes " + "from traffic_day ";

    private final JdbcTemplate jdbc;

    TrafficStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A row of {@code traffic_counter}. */
    public record Counter(UUID machineId, String mac, String run, long cpuNanos, long rx, long tx) {}

    /** A row of {@code traffic_day}; {@code kind} is "public" or "private". */
    public record Day(UUID machineId, UUID hostId, UUID tenantId, LocalDate day, String kind, long rx, long tx) {}

    /** The machines' last readings, their rows locked until the caller's transaction ends. */
    public Map<String, Counter> counters(Collection<UUID> machineIds) {
        var result = new HashMap<String, Counter>();
        if (machineIds.isEmpty()) {
            return result;
        }
        String in = String.join(",", machineIds.stream().map(id -> "?").toList());
        jdbc.query(
                "select machine_id, mac, run, cpu_nanos, rx_bytes, tx_bytes from traffic_counter "
                        + "where machine_id in (" + in + ") for update",
                rs -> {
                    var c = new Counter(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6));
                    result.put(key(c.machineId(), c.mac()), c);
                },
                machineIds.toArray());
        return result;
    }

    public static String key(UUID machineId, String mac) {
        return machineId + "/" + mac;
    }

    public void saveCounter(Counter c, Instant at) {
        int updated = jdbc.update(
                "update traffic_counter set run = ?, cpu_nanos = ?, rx_bytes = ?, tx_bytes = ?, "
                        + "read_at = ? where machine_id = ? and mac = ?",
                c.run(),
                c.cpuNanos(),
                c.rx(),
                c.tx(),
                Timestamp.from(at),
                c.machineId(),
                c.mac());
        if (updated == 0) {
            // not for a machine deleted since it was read (its readings went with it)
            jdbc.update(
                    "insert into traffic_counter (machine_id, mac, run, cpu_nanos, rx_bytes, tx_bytes, read_at) "
                            + "select ?, ?, ?, ?, ?, ?, ? where exists (select 1 from machine where id = ?)",
                    c.machineId(),
                    c.mac(),
                    c.run(),
                    c.cpuNanos(),
                    c.rx(),
                    c.tx(),
                    Timestamp.from(at),
                    c.machineId());
        }
    }

    /** Adds {@code d}'s bytes to its row (made when missing). */
    public void add(Day d) {
        int updated = jdbc.update(
                "update traffic_day set rx_bytes = rx_bytes + ?, tx_bytes = tx_bytes + ? "
                        + "where machine_id = ? and host_id = ? and on_day = ? and kind = ?",
                d.rx(),
                d.tx(),
                d.machineId(),
                d.hostId(),
                Date.valueOf(d.day()),
                d.kind());
        if (updated == 0) {
            jdbc.update(
                    "insert into traffic_day (machine_id, host_id, on_day, kind, tenant_id, rx_bytes, tx_bytes) "
                            + "values (?, ?, ?, ?, ?, ?, ?)",
                    d.machineId(),
                    d.hostId(),
                    Date.valueOf(d.day()),
                    d.kind(),
                    d.tenantId(),
                    d.rx(),
                    d.tx());
        }
    }

    /** The machine's rows in [from, to), by day. */
    public List<Day> ofMachine(UUID machineId, LocalDate from, LocalDate to) {
        return jdbc.query(
                DAYS + "where machine_id = ? and on_day >= ? and on_day < ? order by on_day",
                TrafficStore::day,
                machineId,
                Date.valueOf(from),
                Date.valueOf(to));
    }

    /** The tenant's rows in [from, to). */
    public List<Day> ofTenant(UUID tenantId, LocalDate from, LocalDate to) {
        return jdbc.query(
                DAYS + "where tenant_id = ? and on_day >= ? and on_day < ? order by on_day",
                TrafficStore::day,
                tenantId,
                Date.valueOf(from),
                Date.valueOf(to));
    }

    /** The tenant's bytes of one kind in [from, to), both directions. */
    public long sum(UUID tenantId, String kind, LocalDate from, LocalDate to) {
        Long sum = jdbc.queryForObject(
                "select coalesce(sum(rx_bytes + tx_bytes), 0) from traffic_day "
                        + "where tenant_id = ? and kind = ? and on_day >= ? and on_day < ?",
                Long.class,
                tenantId,
                kind,
                Date.valueOf(from),
                Date.valueOf(to));
        return sum == null ? 0 : sum;
    }

    /** Every row in [from, to). */
    public List<Day> all(LocalDate from, LocalDate to) {
        return jdbc.query(
                DAYS + "where on_day >= ? and on_day < ? order by on_day",
                TrafficStore::day,
                Date.valueOf(from),
                Date.valueOf(to));
    }

    private static Day day(ResultSet rs, int row) throws SQLException {
        return new Day(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getDate(4).toLocalDate(),
                rs.getString(5),
                rs.getLong(6),
                rs.getLong(7));
    }
}
