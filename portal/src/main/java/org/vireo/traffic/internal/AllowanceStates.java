package org.vireo.traffic.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code traffic_allowance_state}: how far a tenant got into its allowance in a month. */
@Repository
public class AllowanceStates {
    private final JdbcTemplate jdbc;

    AllowanceStates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code level}: 0, 80 or 100 (% of the allowance reached); {@code throttled}: its machines are now. */
    public record State(UUID tenantId, YearMonth month, int level, boolean throttled) {}

    public Optional<State> get(UUID tenantId, YearMonth month) {
        return jdbc
                .query(
                        "select tenant_id, in_month, level, throttled from traffic_allowance_state "
                                + "where tenant_id = ? and in_month = ?",
                        AllowanceStates::state,
                        tenantId,
                        month.toString())
                .stream()
                .findFirst();
    }

    /** Every tenant's state that is throttled now, in any month. */
    public List<State> throttled() {
        return jdbc.query(
                "select tenant_id, in_month, level, throttled from traffic_allowance_state where throttled",
                AllowanceStates::state);
    }

    public void save(State s) {
        var now = Timestamp.from(Instant.now());
        int updated = jdbc.update(
                "update traffic_allowance_state set level = ?, throttled = ?, updated_at = ? "
                        + "where tenant_id = ? and in_month = ?",
                s.level(),
                s.throttled(),
                now,
                s.tenantId(),
                s.month().toString());
        if (updated == 0) {
            jdbc.update(
                    "insert into traffic_allowance_state (tenant_id, in_month, level, throttled, updated_at) "
                            + "values (?, ?, ?, ?, ?)",
                    s.tenantId(),
                    s.month().toString(),
                    s.level(),
                    s.throttled(),
                    now);
        }
    }

    private static State state(ResultSet rs, int row) throws SQLException {
        return new State(rs.getObject(1, UUID.class), YearMonth.parse(rs.getString(2)), rs.getInt(3), rs.getBoolean(4));
    }
}
