package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vireo.support.SecondLibvirtd.virsh;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.console.ConsoleService;
import org.vireo.hosts.HostService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.SecondLibvirtd;
import org.vireo.support.VncClient;

/**
 * Two real libvirt endpoints: this machine's daemon ("local") and a second, independent one (scripts/second-libvirtd,
 * reached by qemu+unix). 20 machines are placed over both, each domain lives in the daemon of its host, a console
 * opens through each host, maintenance keeps new machines off a host, and deletes clean both daemons.
 */
@IntegrationTest
@TestPropertySource(properties = {"vireo.hosts.cpu-overcommit=16", "vireo.hosts.memory-overcommit=4"})
class MultiHostIT {
    static String secondUri;

    @Autowired
    DemoTenant demo;
    @Autowired
    MachineService machines;
    @Autowired
    HostService hosts;
    @Autowired
    ConsoleService consoles;
    @Autowired
    AuditLog audit;
    @Autowired
    org.vireo.quotas.QuotaService quotas;

    static SecondLibvirtd.StandaloneProxy proxy;

    /** The second daemon's VNC sockets are in its own mount namespace: a console proxy next to it relays them. */
    @DynamicPropertySource
    static void secondDaemon(DynamicPropertyRegistry registry) throws Exception {
        secondUri = SecondLibvirtd.start();
        proxy = SecondLibvirtd.startConsoleProxy();
        registry.add("vireo.console.secret", () -> java.util.Base64.getEncoder()
                .encodeToString(SecondLibvirtd.CONSOLE_SECRET));
        registry.add("vireo.console.proxies", proxy::url);
    }

    @AfterAll
    static void stopSecondDaemon() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        SecondLibvirtd.stop();
    }

    @Test
    void twentyMachinesArePlacedOverTwoHostsWithAConsoleThroughEach() throws Exception {
        var second = SystemActor.call(() -> hosts.register("second", secondUri, "tcg", proxy.url(),
                AuditSource.API));
        var user = demo.user();
        SystemActor.run(() -> quotas.setLimits(user.tenantId(), 100, 100_000, 1000, 50, AuditSource.SYSTEM));
        var created = new ArrayList<Machine>();
        try {
            for (int i = 0; i < 20; i++) {
                var cmd = new CreateMachine("spread-" + i, demo.template(), 1, 128, 1, false, true);
                created.add(Actors.as(user, () -> machines.create(cmd, AuditSource.API)));
            }
            Map<UUID, List<Machine>> byHost = new HashMap<>();
            created.forEach(m -> byHost.computeIfAbsent(m.hostId(), k -> new ArrayList<>()).add(m));
            System.out.printf("placement of 20 machines: %s%n", byHost.entrySet().stream().map(e ->
                    (second.id().equals(e.getKey()) ? "second" : "local") + "=" + e.getValue().size()).toList());
            // spread (anti-affinity): the tenant's machines alternate, 10 on each host
            assertThat(byHost).hasSize(2);
            assertThat(byHost.get(second.id())).hasSize(10);
            // each domain is defined in its own host's libvirt and only there
            for (var m : created) {
                boolean onSecond = second.id().equals(m.hostId());
                assertThat(virsh(secondUri, "domstate", m.domainName())).contains(onSecond ? "shut off" : "failed");
                assertThat(virsh("qemu:///system", "domstate", m.domainName())).contains(onSecond ? "failed"
                        : "shut off");
            }
            // the placement is explained in the audit log, to operators only
            assertThat(SystemActor.call(() -> audit.forTarget(user.tenantId(), "spread-0", 10))).anyMatch(e ->
                    e.action().equals("machine.place") && e.operatorDetail().contains("candidates: ")
                            && e.operatorDetail().contains("second (") && e.detail() == null);
            assertThat(Actors.as(user, () -> audit.forTarget(user.tenantId(), "spread-0", 10)))
                    .allMatch(e -> e.operatorDetail() == null);

            // the template's files were copied into the second host's pool on first use, once, and its domains
            // boot from there: the guest on the second host reaches the demo guest's boot marker
            String template = "vireo-template-" + demo.template();
            assertThat(virsh(secondUri, "vol-list", "vireo")).contains(template + ".kernel", template + ".initrd");
            var remote = byHost.get(second.id()).get(0);
            assertThat(virsh(secondUri, "dumpxml", remote.domainName())).contains(template + ".kernel");
            assertThat(virsh("qemu:///system", "dumpxml", byHost.values().stream().flatMap(List::stream)
                    .filter(m -> !second.id().equals(m.hostId())).findFirst().orElseThrow().domainName()))
                    .doesNotContain(template);
            Actors.as(user, () -> machines.start(remote.id(), AuditSource.API));
            var serial = Actors.as(user, () -> machines.serialLog(remote.id()));
            long deadline = System.currentTimeMillis() + 90_000;
            while (!(java.nio.file.Files.exists(serial) && java.nio.file.Files.readString(serial)
                    .contains("VIREO-DEMO-BOOTED")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(java.nio.file.Files.readString(serial)).contains("VIREO-DEMO-BOOTED");
            Actors.as(user, () -> machines.powerOff(remote.id(), AuditSource.API));

            // a console through each host
            for (var onHost : List.of(byHost.get(second.id()).get(0), byHost.get(
                    byHost.keySet().stream().filter(k -> !second.id().equals(k)).findFirst().orElseThrow()).get(0))) {
                Actors.as(user, () -> machines.start(onHost.id(), AuditSource.API));
                var ticket = Actors.as(user, () -> consoles.issue(onHost.id(), AuditSource.API));
                var client = new VncClient();
                var ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://localhost:8080")
                        .buildAsync(URI.create(ticket.url()), client).get(10, TimeUnit.SECONDS);
                assertThat(client.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");
                ws.abort();
                Actors.as(user, () -> machines.powerOff(onHost.id(), AuditSource.API));
            }

            // an operator moves a stopped machine by hand (define there, undefine here) and records it
            var moved = byHost.values().stream().flatMap(List::stream).filter(m -> !second.id().equals(m.hostId()))
                    .findFirst().orElseThrow();
            // as the README's steps: the volumes go into the target's pool directory, the definition follows them
            var xml = java.nio.file.Files.createTempFile("vireo-move", ".xml");
            var sourceDir = java.nio.file.Path.of(virsh("qemu:///system", "pool-dumpxml", "vireo")
                    .replaceAll("(?s).*<path>([^<]*)</path>.*", "$1"));
            var targetDir = java.nio.file.Path.of(virsh(secondUri, "pool-dumpxml", "vireo")
                    .replaceAll("(?s).*<path>([^<]*)</path>.*", "$1"));
            java.nio.file.Files.writeString(xml, virsh("qemu:///system", "dumpxml", "--inactive", moved.domainName())
                    .replace(sourceDir + "/" + moved.domainName(), targetDir + "/" + moved.domainName()));
            try (var files = java.nio.file.Files.list(sourceDir)) {
                for (var f : files.filter(f -> f.getFileName().toString().startsWith(moved.domainName() + "."))
                        .toList()) {
                    java.nio.file.Files.move(f, targetDir.resolve(f.getFileName()));
                }
            }
            virsh("qemu:///system", "pool-refresh", "vireo");
            virsh(secondUri, "pool-refresh", "vireo");
            assertThatThrownBy(() -> SystemActor.call(() -> machines.moveToHost(moved.id(), second.id(),
                    AuditSource.API))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("machines.move-not-on-target");
            assertThat(virsh(secondUri, "define", xml.toString())).contains("defined");
            assertThatThrownBy(() -> SystemActor.call(() -> machines.moveToHost(moved.id(), second.id(),
                    AuditSource.API))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("machines.move-still-on-source");
            assertThat(virsh("qemu:///system", "undefine", moved.domainName())).contains("undefined");
            assertThatThrownBy(() -> Actors.as(user, () -> machines.moveToHost(moved.id(), second.id(),
                    AuditSource.API))).isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
            var after = SystemActor.call(() -> machines.moveToHost(moved.id(), second.id(), AuditSource.API));
            assertThat(after.hostId()).isEqualTo(second.id());
            Actors.as(user, () -> machines.start(moved.id(), AuditSource.API));
            assertThat(virsh(secondUri, "domstate", moved.domainName())).contains("running");
            Actors.as(user, () -> machines.powerOff(moved.id(), AuditSource.API));
            java.nio.file.Files.delete(xml);

            // a host in maintenance takes no new machine, even when asked to spread
            SystemActor.run(() -> hosts.setMaintenance(second.id(), true, AuditSource.API));
            var extra = Actors.as(user, () -> machines.create(new CreateMachine("spread-extra", demo.template(), 1,
                    128, 1, false, true), AuditSource.API));
            created.add(extra);
            assertThat(extra.hostId()).isNotEqualTo(second.id());
        } finally {
            for (var m : created) {
                demo.delete(m.id());
            }
        }
        assertThat(virsh(secondUri, "list", "--all", "--name")).doesNotContain("vireo-");
    }

}
