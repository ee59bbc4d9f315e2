package org.vireo.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.vireo.VireoApplication;
import org.vireo.audit.AuditSource;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.security.AccountService;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.templates.TemplateService;

/**
 * A database of the release before the local host became a row (schema version 21), holding a machine as older
 * releases left it (no host recorded, no row for the portal's own host), is migrated on start: the portal's own
 * host gets its row, the machine gets that host, {@code machine.host_id} is required from then on, and the
 * machine can be started, powered off and deleted on the real hypervisor.
 */
class LocalHostRowMigrationIT {
    @TempDir
    Path data;

    @Test
    void aMachineWithoutHostGetsTheLocalHostAndStaysManageable() throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("vireo") + ";DB_CLOSE_ON_EXIT=FALSE";
        UUID id;
        try (var before = start(url)) {
            id = as(
                            before,
                            (machines, template) -> machines.create(
                                    new CreateMachine("from-before-hosts", template, 1, 128, 1, false),
                                    AuditSource.API))
                    .id();
        }
        // back to what a release before host rows left (today's code cannot run on schema 21 any more: its host
        // entity reads later columns): schema 21, the machine without a host, no host rows
        try (var db = DriverManager.getConnection(url, "vireo", "")) {
            var sql = db.createStatement();
            sql.executeUpdate("alter table machine alter column host_id set null");
            sql.executeUpdate("update machine set host_id = null");
            sql.executeUpdate("delete from host");
            sql.executeUpdate("alter table host drop column migration_address");
            // what later versions added goes too (each new migration adds its undo here)
            sql.executeUpdate("alter table tenant_quota drop column backup_gib");
            sql.executeUpdate("drop table backup_schedule");
            sql.executeUpdate("drop table machine_backup");
            sql.executeUpdate("alter table host drop column backup_dir");
            sql.executeUpdate("drop table webhook_delivery");
            sql.executeUpdate("drop table webhook");
            sql.executeUpdate("drop table traffic_counter");
            sql.executeUpdate("drop table traffic_day");
            sql.executeUpdate("drop table traffic_allowance_state");
            sql.executeUpdate("alter table tenant_quota drop column traffic_gib");
            sql.executeUpdate("drop table recovery_code");
            sql.executeUpdate("drop table two_factor_requirement");
            sql.executeUpdate("drop table login_address");
            sql.executeUpdate("drop table notification_opt_out");
            sql.executeUpdate("alter table user_account drop column locale");
            sql.executeUpdate("drop table invitation");
            sql.executeUpdate("drop table account_link");
            sql.executeUpdate("drop index user_account_email");
            sql.executeUpdate("alter table user_account drop column email");
            sql.executeUpdate("alter table user_account drop column email_verified_at");
            sql.executeUpdate("alter table user_account drop constraint user_account_oidc_subject");
            sql.executeUpdate("alter table user_account drop column oidc_subject");
            sql.executeUpdate("alter table user_account drop column totp_secret");
            sql.executeUpdate("alter table user_account drop column totp_since");
            sql.executeUpdate("alter table user_account drop column totp_last_step");
            assertThat(sql.executeUpdate("delete from \"flyway_schema_history\" where cast(\"version\" as int) >= 22"))
                    .isEqualTo(13);
        }

        try (var after = start(url)) {
            var hosts = after.getBean(HostConnections.class);
            var local = SystemActor.call(hosts::hosts);
            assertThat(local).hasSize(1);
            assertThat(hosts.isLocal(local.get(0))).isTrue();
            var machine = as(after, (machines, template) -> machines.get(id));
            assertThat(machine.hostId()).isEqualTo(local.get(0).id());
            assertThat(machine.state()).isEqualTo(MachineState.STOPPED);

            assertThat(as(after, (machines, template) -> machines.start(id, AuditSource.API))
                            .state())
                    .isEqualTo(MachineState.RUNNING);
            assertThat(as(after, (machines, template) -> machines.powerOff(id, AuditSource.API))
                            .state())
                    .isEqualTo(MachineState.STOPPED);
            as(after, (machines, template) -> {
                machines.delete(id, AuditSource.API);
                return null;
            });
            try (var db = DriverManager.getConnection(url, "vireo", "")) {
                var rows = db.createStatement().executeQuery("select count(*) from machine where id = '" + id + "'");
                rows.next();
                assertThat(rows.getInt(1)).isZero();
                // required from now on
                var nullable = db.createStatement()
                        .executeQuery("select is_nullable from information_schema.columns "
                                + "where lower(table_name) = 'machine' and lower(column_name) = 'host_id'");
                nullable.next();
                assertThat(nullable.getString(1)).isEqualTo("NO");
            }
        }
    }

    private interface Work<T> {
        T run(MachineService machines, UUID demoTemplate);
    }

    /** As the demo tenant's user, with the demo template. */
    private static <T> T as(ConfigurableApplicationContext app, Work<T> work) {
        var machines = app.getBean(MachineService.class);
        var templates = app.getBean(TemplateService.class);
        var user = ((VireoPrincipal) app.getBean(AccountService.class).loadUserByUsername("demo")).currentUser();
        UUID template = SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                .findFirst()
                .orElseThrow()
                .id());
        return Actors.as(user, () -> work.run(machines, template));
    }

    private static ConfigurableApplicationContext start(String url, String... more) {
        var args = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--server.port=0"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(VireoApplication.class)
                .profiles("test")
                .run(args.toArray(String[]::new));
    }
}
