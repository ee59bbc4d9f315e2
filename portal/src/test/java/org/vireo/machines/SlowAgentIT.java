package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.BearerCalls;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.TenantService;

/**
 * A hostile guest agent (the demo guest's scripts/demo-guest/slow-agent: every answer after 1 s, megabytes where a
 * name or an address list belongs) in one tenant's machine: another tenant's start on the same host is not held up,
 * pages and the API answer from what is kept, and what is kept is small and checked.
 */
@IntegrationTest
class SlowAgentIT {
    @Autowired
    MachineService machines;

    @Autowired
    GuestAgents agents;

    @Autowired
    TemplateService templates;

    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    DemoTenant demo;

    @Autowired
    MockMvc mvc;

    @Value("${vireo.home}")
    Path home;

    @Value("${vireo.machines.log-dir}")
    Path logs;

    @Test
    void aSlowAgentWithMegabytesSlowsNobodyAndIsKeptSmall() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Path demoFiles = home.resolve("templates/vireo-demo");
        var hostile = SystemActor.call(() -> templates.registerKernelBoot(
                "Slow agent " + suffix,
                demoFiles.resolve("vmlinuz"),
                demoFiles.resolve("initrd.img"),
                "console=ttyS0 quiet vireo.agent=slow",
                1,
                256,
                1,
                AuditSource.SYSTEM));
        var other = SystemActor.call(() -> tenants.create("slow-" + suffix, null, AuditSource.SYSTEM));
        SystemActor.run(() ->
                accounts.create("slow-" + suffix, "slow-agent-password", Role.MEMBER, other.id(), AuditSource.SYSTEM));
        var owner = ((VireoPrincipal) accounts.loadUserByUsername("slow-" + suffix)).currentUser();
        var bad = Actors.as(
                owner,
                () -> machines.create(
                        new CreateMachine("slow-" + suffix, hostile.id(), 1, 256, 1, true), AuditSource.API));
        var neighbour = demo.create("neighbour-" + suffix, false);
        var storm = Executors.newFixedThreadPool(4);
        var stop = new AtomicBoolean();
        try {
            Path serial = logs.resolve(bad.domainName() + ".serial.log");
            long until = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < until
                    && !(Files.exists(serial) && Files.readString(serial).contains("slow-agent: answering"))) {
                Thread.sleep(500);
            }
            assertThat(Files.readString(serial)).contains("slow-agent: answering");

            // The detail page and the API ask for the hostile machine's guest all the time: each answer comes from
            // what is kept, at once.
            var rest = new BearerCalls(mvc);
            long slowest = 0;
            for (int i = 0; i < 4; i++) {
                storm.execute(() -> {
                    while (!stop.get()) { // as pages polling it would: often, not in a busy loop
                        Actors.as(owner, () -> agents.of(machines.get(bad.id())));
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                rest.call(rest.admin(get("/api/v1/machines/" + bad.id())), 200);
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(300);
            }
            // Meanwhile the neighbour starts as fast as ever.
            long t0 = System.nanoTime();
            Actors.as(demo.user(), () -> machines.start(neighbour.id(), AuditSource.API));
            long start = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("hostile agent: slowest GET %d ms, neighbour's start %d ms%n", slowest, start);
            assertThat(slowest).as("GET of the hostile machine (ms)").isLessThan(1500);
            assertThat(start).as("the neighbour's start (ms)").isLessThan(10_000);

            // The agent's answers arrive (each after 1 s): what is kept is capped and checked.
            until = System.currentTimeMillis() + 90_000;
            GuestAgents.Guest guest = Actors.as(owner, () -> agents.of(machines.get(bad.id())));
            while (System.currentTimeMillis() < until && guest.osName() == null) {
                Thread.sleep(1000);
                guest = Actors.as(owner, () -> agents.of(machines.get(bad.id())));
            }
            System.out.println("hostile agent kept: " + guest.agent() + ", os "
                    + (guest.osName() == null ? null : guest.osName().length()) + " chars, host name "
                    + guest.hostname() + ", "
                    + guest.addresses().size() + " addresses");
            assertThat(guest.osName()).as("the agent's OS name arrived").isNotNull();
            assertThat(guest.osName().length()).isLessThanOrEqualTo(100);
            assertThat(guest.hostname()).as("not a valid host name: left out").isNull();
            assertThat(guest.addresses()).hasSizeLessThanOrEqualTo(16).allMatch(a -> a.matches("[0-9a-f.:]+"));
            String json = rest.call(rest.admin(get("/api/v1/machines/" + bad.id())), 200)
                    .toString();
            assertThat(json.length()).as("the machine's JSON").isLessThan(10_000);
            assertThat(rest.call(rest.admin(get("/api/v1/machines")), 200)
                            .toString()
                            .length())
                    .as("the operators' list")
                    .isLessThan(200_000);
        } finally {
            stop.set(true);
            storm.shutdownNow();
            Actors.as(owner, () -> machines.delete(bad.id(), AuditSource.API));
            demo.delete(neighbour.id());
        }
    }
}
