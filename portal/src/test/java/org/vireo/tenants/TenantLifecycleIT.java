package org.vireo.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditQuery;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.Csv;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.IntegrationTest;
import org.vireo.support.Virsh;
import org.vireo.templates.TemplateService;

/** Suspending and deleting tenants on the real hypervisor, and the scoping of the audit log. */
@IntegrationTest
class TenantLifecycleIT {
    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    MachineService machines;

    @Autowired
    TemplateService templates;

    @Autowired
    AuditReader auditReader;

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Test
    void suspendStopsMachinesAndBlocksLoginsAndTokensDeleteNeedsNoMachines() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var tenant = SystemActor.call(() -> tenants.create("life-" + suffix, null, AuditSource.SYSTEM));
        String username = "life-" + suffix;
        SystemActor.run(
                () -> accounts.create(username, "life-password-1", Role.TENANT_ADMIN, tenant.id(), AuditSource.SYSTEM));
        var user = ((VireoPrincipal) accounts.loadUserByUsername(username)).currentUser();
        UUID template = SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                .findFirst()
                .orElseThrow()
                .id());
        var m = Actors.as(
                user, () -> machines.create(new CreateMachine("life-vm", template, 1, 128, 1, true), AuditSource.API));
        assertThat(m.state()).isEqualTo(MachineState.RUNNING);
        String token = json.readTree(mvc.perform(post("/api/v1/tokens").with(httpBasic(username, "life-password-1")))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("token")
                .asText();

        SystemActor.run(() -> tenants.setSuspended(tenant.id(), true, AuditSource.API));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline
                && Actors.as(user, () -> machines.get(m.id())).state() != MachineState.STOPPED) {
            Thread.sleep(100);
        }
        assertThat(Actors.as(user, () -> machines.get(m.id())).state()).isEqualTo(MachineState.STOPPED);
        assertThat(accounts.loadUserByUsername(username).isEnabled()).isFalse();
        mvc.perform(get("/api/v1/machines").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/tokens").with(httpBasic(username, "life-password-1")))
                .andExpect(status().isUnauthorized());
        // A session opened before the suspension cannot start or create machines either.
        assertThatThrownBy(() -> Actors.as(user, () -> machines.start(m.id(), AuditSource.UI)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> Actors.as(
                        user,
                        () -> machines.create(
                                new CreateMachine("life-vm-2", template, 1, 128, 1, false), AuditSource.UI)))
                .isInstanceOf(ConflictException.class);

        assertThatThrownBy(() -> SystemActor.run(() -> tenants.delete(tenant.id(), AuditSource.API)))
                .isInstanceOf(ConflictException.class);
        SystemActor.run(() -> machines.delete(m.id(), AuditSource.API));
        SystemActor.run(() -> tenants.delete(tenant.id(), AuditSource.API));
        assertThat(accounts.exists(username)).isFalse();
        assertThat(Virsh.run("net-list", "--all", "--name")).doesNotContain("vireo-net-" + tenant.id());
    }

    @Test
    void tenantAdminsReadOnlyTheirOwnTenantsAuditEntriesAndCsvIsSafe() {
        var demo = ((VireoPrincipal) accounts.loadUserByUsername("demo")).currentUser();
        var seen =
                Actors.as(demo, () -> auditReader.search(new AuditQuery(null, null, null, null, null, null), 0, 1000));
        assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e.tenantId()).isEqualTo(demo.tenantId()));
        var all = SystemActor.call(
                () -> auditReader.search(new AuditQuery(null, null, "tenant.", null, null, null), 0, 1000));
        assertThat(all)
                .extracting(e -> e.tenantId())
                .anyMatch(id -> !demo.tenantId().equals(id));
        String csv =
                SystemActor.call(() -> auditReader.csv(new AuditQuery(null, null, "tenant.create", null, null, null)));
        assertThat(csv).startsWith("time,actor,tenant,action,target,outcome,source,detail");
        assertThat(Csv.cell("=cmd|calc")).isEqualTo("\"'=cmd|calc\"");
        assertThat(Csv.cell("a\"b")).isEqualTo("\"a\"\"b\"");
    }
}
