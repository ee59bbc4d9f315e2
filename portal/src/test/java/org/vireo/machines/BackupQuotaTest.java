package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.quotas.QuotaExceededException;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.support.IntegrationTest;
import org.vireo.tenants.TenantService;

/**
 * The {@code backupGiB} quota: a new tenant's default, set alone or left as it is by the older calls, and the
 * backups' usage from their rows (what complete ones store, hidden ones too, rounded up; 1 GiB per backup being
 * written), which refuses a backup once the limit is taken; the REST API's quota shows and sets it.
 */
@IntegrationTest
class BackupQuotaTest {
    private static final long GIB = 1L << 30;
    private static final String PASSWORD = "backup-quota-password";

    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    QuotaService quotas;

    @Autowired
    PlatformTransactionManager txManager;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    private final ObjectMapper json = new ObjectMapper();

    private UUID tenant(String name) {
        return SystemActor.call(() -> tenants.create(name, null, AuditSource.SYSTEM))
                .id();
    }

    private void backup(UUID tenantId, String state, long storedBytes, boolean hidden) {
        var id = UUID.randomUUID();
        jdbc.update(
                "insert into machine_backup (id, machine_id, tenant_id, host_id, backup_dir, volume, state, live,"
                        + " frozen, stored_bytes, hidden, created_by, created_at)"
                        + " values (?, ?, ?, ?, '/backups', ?, ?, false, false, ?, ?, 'test', ?)",
                id,
                UUID.randomUUID(),
                tenantId,
                UUID.randomUUID(),
                "m.backup-" + id + ".qcow2",
                state,
                storedBytes,
                hidden,
                Timestamp.from(Instant.now()));
    }

    @Test
    void aNewTenantGetsTheDefaultAndTheOlderCallsKeepTheLimit() {
        var tenantId = tenant("bq-default");
        assertThat(SystemActor.call(() -> quotas.view(tenantId)).limits().backupGiB())
                .isEqualTo(100);
        var set = SystemActor.call(
                () -> quotas.setLimits(tenantId, 8, 4096, 100, 10, null, null, null, 30, AuditSource.SYSTEM));
        assertThat(set.limits()).isEqualTo(new Resources(8, 4096, 100, 10, 10, 2, 30));
        var kept = SystemActor.call(() -> quotas.setLimits(tenantId, 4, 2048, 50, 5, 3, 1, AuditSource.SYSTEM));
        assertThat(kept.limits()).isEqualTo(new Resources(4, 2048, 50, 5, 3, 1, 30));
        assertThat(jdbc.queryForList(
                        "select detail from audit_event where tenant_id = ? and action = 'quota.set'",
                        String.class,
                        tenantId))
                .hasSize(2)
                .allMatch(d -> d.contains("backupGiB=30"));
        assertThatThrownBy(() -> SystemActor.run(
                        () -> quotas.setLimits(tenantId, 8, 4096, 100, 10, null, null, null, -1, AuditSource.SYSTEM)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void storedBytesCountRoundedUpAndABackupIsRefusedOnceTheLimitIsTaken() {
        var tenantId = tenant("bq-usage");
        var other = tenant("bq-other");
        backup(tenantId, "DONE", GIB + 1, false);
        backup(tenantId, "DONE", GIB / 2, true); // deleted, but the base of a later one: still stored
        backup(tenantId, "RUNNING", 0, false);
        backup(tenantId, "FAILED", 5 * GIB, false);
        backup(other, "DONE", 3 * GIB, false);

        var views = SystemActor.call(() -> quotas.views(List.of(tenantId, other)));
        assertThat(views.get(tenantId).used().backupGiB()).isEqualTo(2);
        assertThat(views.get(tenantId).reserved().backupGiB()).isEqualTo(1);
        assertThat(views.get(other).used().backupGiB()).isEqualTo(3);
        assertThat(views.get(other).reserved().backupGiB()).isZero();
        assertThat(views.get(tenantId).used()).as("backups take nothing else").isEqualTo(Resources.backupGiB(2));

        SystemActor.run(() -> quotas.setLimits(tenantId, 8, 4096, 100, 10, null, null, null, 4, AuditSource.SYSTEM));
        var tx = new TransactionTemplate(txManager);
        // as a backup's claim does it (the caller's, or a schedule's as the system)
        Runnable begin = () -> SystemActor.run(() -> tx.executeWithoutResult(
                s -> quotas.checkAndLock(tenantId, Resources.backupGiB(1), () -> quotas.usage(tenantId))));
        // 2 stored + 1 being written + 1 asked: at the limit, allowed
        begin.run();
        backup(tenantId, "RUNNING", 0, false);
        assertThatThrownBy(begin::run).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.resource()).isEqualTo("backupGiB");
            assertThat(e.inUse()).isEqualTo(4);
        });
    }

    @Test
    void theRestQuotaShowsAndSetsBackupGiB() throws Exception {
        var tenantId = tenant("bq-rest");
        SystemActor.run(() -> accounts.create("bq-operator", PASSWORD, Role.ADMIN, null, AuditSource.SYSTEM));
        backup(tenantId, "DONE", 3 * GIB, false);
        String token = mvc.perform(post("/api/v1/tokens").with(httpBasic("bq-operator", PASSWORD)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String auth = "Bearer " + json.readTree(token).get("token").asText();

        var set = mvc.perform(put("/api/v1/admin/tenants/{id}/quota", tenantId)
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"vcpus\":8,\"memoryMiB\":4096,\"diskGiB\":100,\"machines\":10,\"backupGiB\":7}"))
                .andReturn()
                .getResponse();
        assertThat(set.getStatus()).as(set.getContentAsString()).isEqualTo(200);
        JsonNode quota = json.readTree(set.getContentAsString());
        assertThat(quota.path("limits").path("backupGiB").asInt()).isEqualTo(7);
        assertThat(quota.path("used").path("backupGiB").asInt()).isEqualTo(3);
        assertThat(quota.path("reserved").has("backupGiB")).isTrue();

        var left = mvc.perform(put("/api/v1/admin/tenants/{id}/quota", tenantId)
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"vcpus\":8,\"memoryMiB\":4096,\"diskGiB\":100,\"machines\":10}"))
                .andReturn()
                .getResponse();
        assertThat(json.readTree(left.getContentAsString())
                        .path("limits")
                        .path("backupGiB")
                        .asInt())
                .as("left out: it stays")
                .isEqualTo(7);
        var bad = mvc.perform(put("/api/v1/admin/tenants/{id}/quota", tenantId)
                        .header("Authorization", auth)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"vcpus\":8,\"memoryMiB\":4096,\"diskGiB\":100,\"machines\":10,\"backupGiB\":-1}"))
                .andReturn()
                .getResponse();
        assertThat(bad.getStatus()).isEqualTo(400);
    }
}
