package org.vireo.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.data.domain.Pageable;
import org.vireo.audit.AuditSource;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineQuery;
import org.vireo.machines.MachineService;
import org.vireo.networks.TenantSubnets;
import org.vireo.quotas.QuotaExceededException;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.TenantService;

/**
 * Fires 50 creates at once at a tenant whose quota admits exactly 7 machines, on whatever database the context
 * uses, and checks that exactly 7 succeed and the 43 refusals leave no reservation behind.
 */
public final class QuotaRace {
    private QuotaRace() {}

    public static void run(
            TenantService tenants,
            AccountService accounts,
            QuotaService quotas,
            MachineService machines,
            TemplateService templates)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var tenant = SystemActor.call(() -> tenants.create("race-" + suffix, null, AuditSource.SYSTEM));
        SystemActor.run(() -> {
            quotas.setLimits(tenant.id(), 1000, 1_000_000, 10_000, 7, AuditSource.SYSTEM);
            accounts.create("racer-" + suffix, "racer-password-1", Role.MEMBER, tenant.id(), AuditSource.SYSTEM);
        });
        var user = ((VireoPrincipal) accounts.loadUserByUsername("racer-" + suffix)).currentUser();
        UUID template = SystemActor.call(() -> templates.list().stream()
                .filter(t -> t.name().equals("Vireo Demo (busybox)"))
                .findFirst()
                .orElseThrow()
                .id());

        var pool = Executors.newFixedThreadPool(50);
        var go = new CountDownLatch(1);
        var created = new ConcurrentLinkedQueue<Machine>();
        var refused = new ConcurrentLinkedQueue<QuotaExceededException>();
        var other = new ConcurrentLinkedQueue<Throwable>();
        for (int i = 0; i < 50; i++) {
            String name = "race-" + i;
            pool.execute(() -> {
                try {
                    go.await();
                    created.add(Actors.as(
                            user,
                            () -> machines.create(
                                    new CreateMachine(name, template, 1, 128, 1, false), AuditSource.API)));
                } catch (QuotaExceededException e) {
                    refused.add(e);
                } catch (Throwable e) {
                    other.add(e);
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        try {
            assertThat(other).as("unexpected failures").isEmpty();
            assertThat(created).hasSize(7);
            assertThat(refused)
                    .hasSize(43)
                    .allSatisfy(e -> assertThat(e.resource()).isEqualTo("machines"));
            var view = Actors.as(user, () -> quotas.view(tenant.id()));
            assertThat(view.used().machines()).isEqualTo(7);
            assertThat(view.reserved())
                    .as("no reservation left by the refused creates")
                    .isEqualTo(Resources.ZERO);
            assertThat(Actors.as(user, () -> machines.count(MachineQuery.ALL))).isEqualTo(7);
            // the seven got seven addresses and MACs of one subnet, none twice
            assertThat(created.stream().map(Machine::privateIpv4).distinct()).hasSize(7);
            assertThat(created.stream().map(Machine::mac).distinct()).hasSize(7);
            assertThat(created.stream()
                            .map(m ->
                                    m.privateIpv4().substring(0, m.privateIpv4().lastIndexOf('.')))
                            .distinct())
                    .hasSize(1);
        } finally {
            List<Machine> all =
                    new ArrayList<>(Actors.as(user, () -> machines.list(Pageable.unpaged(), MachineQuery.ALL))
                            .toList());
            for (var m : all) {
                Actors.as(user, () -> machines.delete(m.id(), AuditSource.API));
            }
        }
        assertThat(Actors.as(user, () -> quotas.view(tenant.id())).used().machines())
                .isZero();
    }

    /**
     * 50 new tenants ask for their private subnet at once, each twice: 50 distinct subnets, and each tenant's two
     * answers are the same.
     */
    public static void subnets(TenantService tenants, TenantSubnets subnets) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < 50; i++) {
            String name = "subnet-" + suffix + "-" + i;
            ids.add(SystemActor.call(() -> tenants.create(name, null, AuditSource.SYSTEM))
                    .id());
        }
        var pool = Executors.newFixedThreadPool(100);
        var go = new CountDownLatch(1);
        var answers = new ConcurrentHashMap<UUID, Set<String>>();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        for (UUID id : ids) {
            for (int twice = 0; twice < 2; twice++) {
                pool.execute(() -> {
                    try {
                        go.await();
                        String cidr = SystemActor.call(() -> subnets.of(id)).toString();
                        answers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet())
                                .add(cidr);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
            }
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(answers)
                .hasSize(50)
                .allSatisfy((id, cidrs) -> assertThat(cidrs).hasSize(1));
        assertThat(answers.values().stream().map(s -> s.iterator().next()).distinct())
                .hasSize(50);
    }
}
