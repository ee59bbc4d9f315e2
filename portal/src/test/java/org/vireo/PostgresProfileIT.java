package org.vireo;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vireo.audit.AuditLog;
import org.vireo.machines.MachineService;
import org.vireo.networks.TenantSubnets;
import org.vireo.quotas.QuotaService;
import org.vireo.security.AccountService;
import org.vireo.support.LocalPostgres;
import org.vireo.support.QuotaRace;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.TenantService;

/** The "postgres" profile on a real PostgreSQL server: migrations apply, Hibernate validates, bootstrap works. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(
        properties = {
            "vireo.bootstrap.admin-password=pg-admin-password",
            "vireo.bootstrap.demo-password=pg-demo-password",
            "vireo.bootstrap.demo-machine=false",
            "vireo.console.port=0"
        })
@ActiveProfiles("postgres")
class PostgresProfileIT {
    static LocalPostgres postgres;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        postgres = LocalPostgres.start();
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> "vireo");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountService accounts;

    @Autowired
    AuditLog audit;

    @Test
    void migrationsApplyAndBootstrapDataLands() {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
                .isPositive();
        assertThat(accounts.exists("admin")).isTrue();
        assertThat(accounts.exists("demo")).isTrue();
        assertThat(audit.recent(null, 1000)).extracting(e -> e.action()).contains("account.create");
    }

    @Autowired
    TenantService tenants;

    @Autowired
    QuotaService quotas;

    @Autowired
    MachineService machines;

    @Autowired
    TemplateService templates;

    @Autowired
    TenantSubnets subnets;

    @Test
    void fiftyParallelCreatesAgainstAQuotaOfSevenYieldExactlySeven() throws Exception {
        QuotaRace.run(tenants, accounts, quotas, machines, templates);
    }

    @Test
    void fiftyTenantsAskingForTheirSubnetAtOnceGetFiftyDistinctOnes() throws Exception {
        QuotaRace.subnets(tenants, subnets);
    }

    @Test
    void accountRoleAndTenantConstraintIsEnforcedByTheDatabase() {
        var bad = "insert into user_account (id, username, password_hash, role, tenant_id, enabled, created_at) "
                + "values (gen_random_uuid(), 'x', 'h', 'MEMBER', null, true, now())";
        Assertions.assertThatThrownBy(() -> jdbc.update(bad)).hasMessageContaining("user_account_tenant_role");
    }
}
