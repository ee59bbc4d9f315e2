package org.vireo.machines.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.vireo.machines.UsageSample;

/** Usage samples in table {@code machine_sample}: two series per machine, pruned to their windows. */
@Repository
public class SampleStore {
    public static final int FINE = 10;
    public static final int COARSE = 300;
    private static final String COLUMNS =
            "at, cpu_percent, memory_mib, disk_read_bps, disk_write_bps, net_rx_bps, " + "net_tx_bps";

    private final JdbcTemplate jdbc;

    SampleStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(int series, Map<UUID, UsageSample> samples) {
        var rows = new ArrayList<Object[]>();
        samples.forEach((id, s) -> rows.add(new Object[] {
            id,
            series,
            Timestamp.from(s.at()),
            s.cpuPercent(),
            s.memoryMiB(),
            s.diskReadBps(),
            s.diskWriteBps(),
            s.netRxBps(),
            s.netTxBps()
        }));
        jdbc.batchUpdate(
                "insert into machine_sample (machine_id, resolution, " + COLUMNS
                        + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    /** Averages the fine samples in (from, to] into one coarse sample at {@code to} per machine. */
    public int aggregate(Instant from, Instant to) {
        return jdbc.update(
                "insert into machine_sample (machine_id, resolution, " + COLUMNS + ") "
                        + "select machine_id, ?, ?, avg(cpu_percent), avg(memory_mib), avg(disk_read_bps), "
                        + "avg(disk_write_bps), avg(net_rx_bps), avg(net_tx_bps) from machine_sample "
                        + "where resolution = ? and at > ? and at <= ? group by machine_id",
                COARSE,
                Timestamp.from(to),
                FINE,
                Timestamp.from(from),
                Timestamp.from(to));
    }

    public Instant latest(int series) {
        var at =
                jdbc.queryForObject("select max(at) from machine_sample where resolution = ?", Timestamp.class, series);
        return at == null ? null : at.toInstant();
    }

    public int prune(int series, Instant before) {
        return jdbc.update(
                "delete from machine_sample where resolution = ? and at < ?", series, Timestamp.from(before));
    }

    /** The machines' samples of one series since {@code since}, oldest first. */
    public Map<UUID, List<UsageSample>> since(Collection<UUID> machineIds, int series, Instant since) {
        var result = new HashMap<UUID, List<UsageSample>>();
        if (machineIds.isEmpty()) {
            return result;
        }
        var params = new ArrayList<Object>(List.of(series, Timestamp.from(since)));
        params.addAll(machineIds);
        String in = String.join(", ", Collections.nCopies(machineIds.size(), "?"));
        jdbc.query(
                "select machine_id, " + COLUMNS + " from machine_sample where resolution = ? and at >= ? "
                        + "and machine_id in (" + in + ") order by at",
                rs -> {
                    result.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new UsageSample(
                                    rs.getTimestamp(2).toInstant(),
                                    rs.getDouble(3),
                                    rs.getDouble(4),
                                    rs.getDouble(5),
                                    rs.getDouble(6),
                                    rs.getDouble(7),
                                    rs.getDouble(8)));
                },
                params.toArray());
        return result;
    }
}
