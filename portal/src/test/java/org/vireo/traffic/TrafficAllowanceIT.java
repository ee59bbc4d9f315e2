package org.vireo.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.quotas.QuotaService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;

/**
 * A tenant's monthly allowance ({@code trafficGiB}): 80 % and 100 % are each audited once, private traffic does
 * not count, over 100 % the tenant is throttled (until the allowance is raised), a raised allowance lowers the
 * level (and its 80 % is told again), the tenant reads where it stands.
 */
@IntegrationTest
@TestPropertySource(properties = "vireo.usage.interval=PT1H") // no sampling round reviews this tenant meanwhile
class TrafficAllowanceIT {
    private static final long GIB = TrafficAllowances.GIB;

    @Autowired
    DemoTenant demo;

    @Autowired
    TrafficAllowances allowances;

    @Autowired
    TrafficService traffic;

    @Autowired
    QuotaService quotas;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eightyAndHundredPercentAreToldOnceAndARaiseStartsAgain() {
        UUID tenant = demo.user().tenantId();
        UUID machine = UUID.randomUUID(); // a machine deleted long ago: its month still counts
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        var before = SystemActor.call(() -> quotas.view(tenant));
        try {
            SystemActor.run(() -> quotas.setLimits(
                    tenant,
                    before.limits().vcpus(),
                    before.limits().memoryMiB(),
                    before.limits().diskGiB(),
                    before.limits().machines(),
                    null,
                    null,
                    1,
                    AuditSource.API));
            add(machine, tenant, "private", 5 * GIB); // free
            add(machine, tenant, "public", GIB * 85 / 100);
            allowances.review(List.of(tenant), month);
            allowances.review(List.of(tenant), month);
            assertThat(notices(tenant)).containsExactly("80 % of the monthly allowance (1 GiB) reached");
            var own = Actors.as(demo.user(), () -> traffic.ownAllowance(month));
            assertThat(own.percent()).isEqualTo(85);
            assertThat(own.level()).isEqualTo(80);

            add(machine, tenant, "public", GIB * 20 / 100);
            assertThat(allowances.review(List.of(tenant), month))
                    .as("to throttle")
                    .containsExactly(tenant);
            assertThat(notices(tenant))
                    .containsExactly(
                            "80 % of the monthly allowance (1 GiB) reached",
                            "100 % of the monthly allowance (1 GiB) reached");
            assertThat(Actors.as(demo.user(), () -> traffic.ownAllowance(month)).level())
                    .isEqualTo(100);
            assertThat(actions(tenant)).containsExactly("traffic.throttle");
            assertThat(allowances.review(List.of(), month))
                    .as("still, without traffic in the round")
                    .containsExactly(tenant);

            // raised to 2 GiB: 52 %, nothing to tell; reaching its 80 % is told again
            SystemActor.run(() -> quotas.setLimits(
                    tenant,
                    before.limits().vcpus(),
                    before.limits().memoryMiB(),
                    before.limits().diskGiB(),
                    before.limits().machines(),
                    null,
                    null,
                    2,
                    AuditSource.API));
            assertThat(allowances.review(List.of(tenant), month)).isEmpty();
            assertThat(notices(tenant)).hasSize(2);
            assertThat(actions(tenant)).containsExactly("traffic.throttle", "traffic.unthrottle");
            add(machine, tenant, "public", GIB * 60 / 100);
            allowances.review(List.of(tenant), month);
            assertThat(notices(tenant)).hasSize(3).last().isEqualTo("80 % of the monthly allowance (2 GiB) reached");

            // 0: unlimited
            SystemActor.run(() -> quotas.setLimits(
                    tenant,
                    before.limits().vcpus(),
                    before.limits().memoryMiB(),
                    before.limits().diskGiB(),
                    before.limits().machines(),
                    null,
                    null,
                    0,
                    AuditSource.API));
            assertThat(SystemActor.call(() -> quotas.view(tenant)).trafficGiB()).isNull();
            assertThat(Actors.as(demo.user(), () -> traffic.ownAllowance(month)).allowanceGiB())
                    .isNull();
        } finally {
            jdbc.update("delete from traffic_day where machine_id = ?", machine);
            jdbc.update("delete from traffic_allowance_state where tenant_id = ?", tenant);
            jdbc.update("delete from audit_event where tenant_id = ? and action like 'traffic.%'", tenant);
        }
    }

    private void add(UUID machine, UUID tenant, String kind, long bytes) {
        int updated = jdbc.update(
                "update traffic_day set tx_bytes = tx_bytes + ? where machine_id = ? and kind = ?",
                bytes,
                machine,
                kind);
        if (updated == 0) {
            jdbc.update(
                    "insert into traffic_day (machine_id, host_id, on_day, kind, tenant_id, rx_bytes, tx_bytes) "
                            + "values (?, ?, ?, ?, ?, 0, ?)",
                    machine,
                    UUID.randomUUID(),
                    Date.valueOf(LocalDate.now(ZoneOffset.UTC)),
                    kind,
                    tenant,
                    bytes);
        }
    }

    private List<String> actions(UUID tenant) {
        return jdbc.queryForList(
                "select action from audit_event where tenant_id = ? and action in "
                        + "('traffic.throttle', 'traffic.unthrottle') order by at, id",
                String.class,
                tenant);
    }

    private List<String> notices(UUID tenant) {
        return jdbc.queryForList(
                "select detail from audit_event where tenant_id = ? and action = 'traffic.allowance' "
                        + "order by at, id",
                String.class,
                tenant);
    }
}
