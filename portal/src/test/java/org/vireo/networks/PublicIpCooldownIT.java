package org.vireo.networks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.vireo.audit.AuditSource;
import org.vireo.hosts.HostService;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineService;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.tenants.TenantService;

/**
 * A public address given back (its machine deleted) is not handed to another tenant within VIREO_IP_COOLDOWN (1 h
 * by default); its own tenant may take it again at once. Machines are defined, never started: the pool's bridge
 * need not exist.
 */
@IntegrationTest
class PublicIpCooldownIT {
    @Autowired
    MachineService machines;

    @Autowired
    HostService hosts;

    @Autowired
    IpPoolService pools;

    @Autowired
    PublicIps publicIps;

    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    DemoTenant demo;

    @Test
    void anAddressGivenBackGoesToAnotherTenantOnlyAfterTheCooldown() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var local = SystemActor.call(() -> hosts.list().stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow());
        var pool = SystemActor.call(() -> pools.create(
                "cool-" + suffix, local.id(), "198.51.100.0/29", "198.51.100.1", "vcool0", List.of(), AuditSource.API));
        var tenantB = SystemActor.call(() -> tenants.create("cool-b-" + suffix, null, AuditSource.SYSTEM));
        SystemActor.run(() ->
                accounts.create("cool-b-" + suffix, "cool-b-password", Role.MEMBER, tenantB.id(), AuditSource.SYSTEM));
        var a = demo.user();
        var b = ((VireoPrincipal) accounts.loadUserByUsername("cool-b-" + suffix)).currentUser();
        Machine b1 = null;
        Machine a2 = null;
        try {
            var a1 = create(a, "cool-a1");
            assertThat(address(a, a1)).isEqualTo("198.51.100.2");
            Actors.as(a, () -> machines.delete(a1.id(), AuditSource.API));
            long until = System.currentTimeMillis() + 60_000;
            while (machineExists(a, a1) && System.currentTimeMillis() < until) {
                Thread.sleep(200);
            }
            assertThat(machineExists(a, a1)).isFalse();
            // another tenant does not get the address just given back...
            b1 = create(b, "cool-b1");
            assertThat(address(b, b1)).isEqualTo("198.51.100.3");
            // ...its own tenant does
            a2 = create(a, "cool-a2");
            assertThat(address(a, a2)).isEqualTo("198.51.100.2");
        } finally {
            for (var m : new Machine[] {b1, a2}) {
                if (m != null) {
                    var owner = m.tenantId().equals(a.tenantId()) ? a : b;
                    Actors.as(owner, () -> machines.delete(m.id(), AuditSource.API));
                }
            }
            long until = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < until) {
                try {
                    SystemActor.run(() -> pools.delete(pool.id(), AuditSource.API));
                    break;
                } catch (RuntimeException inUse) {
                    Thread.sleep(200);
                }
            }
        }
    }

    private Machine create(CurrentUser owner, String name) {
        var cmd = new CreateMachine(name, demo.template(), 1, 128, 1, false, null, null, null, null, true);
        return Actors.as(owner, () -> machines.create(cmd, AuditSource.API));
    }

    private String address(CurrentUser owner, Machine m) {
        return Actors.as(owner, () -> publicIps.of(m.id())).get(0).address();
    }

    private boolean machineExists(CurrentUser owner, Machine m) {
        try {
            Actors.as(owner, () -> machines.get(m.id()));
            return true;
        } catch (RuntimeException gone) {
            return false;
        }
    }
}
