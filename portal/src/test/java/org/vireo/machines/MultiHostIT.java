package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditSource;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;
import org.vireo.hosts.HostService;
import org.vireo.quotas.QuotaService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.ConsoleClient;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.LabHost;
import org.vireo.support.Virsh;

/**
 * Two real hosts: this machine's daemon ("local") and a lab host (scripts/lab-host: its own network and mount
 * namespaces, reached only by libvirt over SSH, with a storage pool the portal cannot see and a console proxy next
 * to it). 20 machines are placed over both, each domain lives in the daemon of its host, the template is uploaded
 * into the lab's pool and boots there, snapshots and a resize work there, a console opens through each host,
 * maintenance keeps new machines off a host, and deletes leave nothing in either.
 */
@IntegrationTest
@TestPropertySource(properties = {"vireo.hosts.cpu-overcommit=16", "vireo.hosts.memory-overcommit=4"})
class MultiHostIT {
    static LabHost lab;

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
    QuotaService quotas;

    @Autowired
    SnapshotService snapshots;

    /** The lab's VNC sockets are in its own mount namespace: the console proxy next to it relays them. */
    @DynamicPropertySource
    static void labHost(DynamicPropertyRegistry registry) throws Exception {
        lab = LabHost.start("multi");
        String consoleUrl = lab.consoleUrl();
        registry.add("vireo.console.secret", LabHost::consoleSecret);
        registry.add("vireo.console.proxies", () -> consoleUrl);
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (lab != null) {
            lab.stop();
        }
    }

    static String local(String... args) throws Exception {
        return Virsh.run(args);
    }

    @Test
    void twentyMachinesArePlacedOverTwoHostsWithAConsoleThroughEach() throws Exception {
        String consoleUrl = lab.consoleUrl();
        var second = SystemActor.call(() -> hosts.register("second", lab.uri(), "tcg", consoleUrl, AuditSource.API));
        var user = demo.user();
        SystemActor.run(() -> quotas.setLimits(user.tenantId(), 100, 100_000, 1000, 50, AuditSource.SYSTEM));
        var created = new ArrayList<Machine>();
        try {
            for (int i = 0; i < 20; i++) {
                var cmd = new CreateMachine("spread-" + i, demo.template(), 1, 128, 1, false, true);
                created.add(Actors.as(user, () -> machines.create(cmd, AuditSource.API)));
            }
            Map<UUID, List<Machine>> byHost = new HashMap<>();
            created.forEach(m ->
                    byHost.computeIfAbsent(m.hostId(), k -> new ArrayList<>()).add(m));
            System.out.printf(
                    "placement of 20 machines: %s%n",
                    byHost.entrySet().stream()
                            .map(e -> (second.id().equals(e.getKey()) ? "second" : "local") + "="
                                    + e.getValue().size())
                            .toList());
            // spread (anti-affinity): the tenant's machines alternate, 10 on each host
            assertThat(byHost).hasSize(2);
            assertThat(byHost.get(second.id())).hasSize(10);
            // each domain is defined in its own host's libvirt and only there
            for (var m : created) {
                boolean onSecond = second.id().equals(m.hostId());
                assertThat(lab.virsh("domstate", m.domainName())).contains(onSecond ? "shut off" : "failed");
                assertThat(local("domstate", m.domainName())).contains(onSecond ? "failed" : "shut off");
            }
            // the placement is explained in the audit log, to operators only
            assertThat(SystemActor.call(() -> audit.forTarget(user.tenantId(), "spread-0", 10)))
                    .anyMatch(e -> e.action().equals("machine.place")
                            && e.operatorDetail().contains("candidates: ")
                            && e.operatorDetail().contains("second (")
                            && e.detail() == null);
            assertThat(Actors.as(user, () -> audit.forTarget(user.tenantId(), "spread-0", 10)))
                    .allMatch(e -> e.operatorDetail() == null);

            // the template's files were uploaded into the lab's pool on first use, once, and its domains boot from
            // there: the guest on the lab reaches the demo guest's boot marker (its serial port writes inside the
            // lab, where the portal's files are not even visible)
            String template = "vireo-template-" + demo.template();
            // named by their content (the first 16 hex digits of the sha256), each marked complete by an empty volume
            var copied = lab.volumes();
            for (String file : List.of("kernel", "initrd")) {
                assertThat(copied)
                        .as(file)
                        .filteredOn(v -> v.matches(Pattern.quote(template) + "\\.[0-9a-f]{16}\\." + file))
                        .hasSize(1);
                assertThat(copied)
                        .as(file + " marked complete")
                        .filteredOn(v -> v.matches(Pattern.quote(template) + "\\.[0-9a-f]{16}\\." + file + "\\.ok"))
                        .hasSize(1);
            }
            // the lab's pool is at the path every lab host uses, inside its own mount namespace only
            assertThat(lab.exec("ls", "/var/lib/vireo/pool")).contains(copied.get(0));
            assertThat(Path.of("/var/lib/vireo/pool", copied.get(0)))
                    .as("the lab's pool is invisible to the portal")
                    .doesNotExist();
            assertThat(lab.exec("ls", "/var/lib/vireo").strip())
                    .as("the portal's files are invisible to the lab")
                    .isEqualTo("pool");
            var remote = byHost.get(second.id()).get(0);
            assertThat(lab.virsh("dumpxml", remote.domainName()))
                    .containsPattern(Pattern.quote(template) + "\\.[0-9a-f]{16}\\.kernel");
            assertThat(local(
                            "dumpxml",
                            byHost.values().stream()
                                    .flatMap(List::stream)
                                    .filter(m -> !second.id().equals(m.hostId()))
                                    .findFirst()
                                    .orElseThrow()
                                    .domainName()))
                    .doesNotContain(template);
            Actors.as(user, () -> machines.start(remote.id(), AuditSource.API));
            long deadline = System.currentTimeMillis() + 90_000;
            while (!lab.serialLog(remote.domainName()).contains("VIREO-DEMO-BOOTED")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(lab.serialLog(remote.domainName())).contains("VIREO-DEMO-BOOTED");
            // its serial console through the lab's proxy: typed into the guest's shell, the answer read back
            var serialTicket = Actors.as(user, () -> consoles.issue(remote.id(), ConsoleType.SERIAL, AuditSource.API));
            assertThat(serialTicket.url()).startsWith(consoleUrl + "?ticket=");
            var serial = new ConsoleClient();
            var serialWs = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(serialTicket.url()), serial)
                    .get(10, TimeUnit.SECONDS);
            assertThat(serial.typeUntil(serialWs, "echo LAB-$((6*7))", "LAB-42", 60))
                    .as(serial.received())
                    .isTrue();
            serialWs.abort();

            // snapshots on the lab, running and stopped: taken, reverted, deleted (libvirt's block commit there,
            // also for the stopped machine); then a resize
            var s1 = Actors.as(user, () -> snapshots.take(remote.id(), "lab-running", AuditSource.API));
            assertThat(lab.virsh("domstate", remote.domainName())).contains("running");
            var s2 = Actors.as(user, () -> snapshots.take(remote.id(), "lab-running-2", AuditSource.API));
            Actors.as(user, () -> snapshots.delete(remote.id(), s2.id(), AuditSource.API));
            Actors.as(user, () -> snapshots.revert(remote.id(), s1.id(), AuditSource.API));
            assertThat(lab.virsh("domstate", remote.domainName())).contains("running");
            Actors.as(user, () -> machines.powerOff(remote.id(), AuditSource.API));
            var s3 = Actors.as(user, () -> snapshots.take(remote.id(), "lab-stopped", AuditSource.API));
            Actors.as(user, () -> snapshots.delete(remote.id(), s1.id(), AuditSource.API));
            Actors.as(user, () -> snapshots.delete(remote.id(), s3.id(), AuditSource.API));
            assertThat(lab.virsh("domstate", remote.domainName())).contains("shut off");
            assertThat(lab.volumes().stream().filter(v -> v.startsWith(remote.domainName() + ".")))
                    .hasSize(1);
            Actors.as(user, () -> machines.resize(remote.id(), 2, 192, 2, AuditSource.API));
            assertThat(lab.virsh("dominfo", remote.domainName())).containsPattern("CPU\\(s\\):\\s+2");

            // a console through each host
            for (var onHost : List.of(
                    byHost.get(second.id()).get(0),
                    byHost.get(byHost.keySet().stream()
                                    .filter(k -> !second.id().equals(k))
                                    .findFirst()
                                    .orElseThrow())
                            .get(0))) {
                Actors.as(user, () -> machines.start(onHost.id(), AuditSource.API));
                var ticket = Actors.as(user, () -> consoles.issue(onHost.id(), AuditSource.API));
                if (second.id().equals(onHost.hostId())) {
                    assertThat(ticket.url()).startsWith(consoleUrl + "?ticket=");
                }
                var client = new ConsoleClient();
                var ws = HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .header("Origin", "http://localhost:8080")
                        .buildAsync(URI.create(ticket.url()), client)
                        .get(10, TimeUnit.SECONDS);
                assertThat(client.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");
                ws.abort();
                Actors.as(user, () -> machines.powerOff(onHost.id(), AuditSource.API));
            }

            // a host in maintenance takes no new machine, even when asked to spread
            SystemActor.run(() -> hosts.setMaintenance(second.id(), true, AuditSource.API));
            var extra = Actors.as(
                    user,
                    () -> machines.create(
                            new CreateMachine("spread-extra", demo.template(), 1, 128, 1, false, true),
                            AuditSource.API));
            created.add(extra);
            assertThat(extra.hostId()).isNotEqualTo(second.id());
        } finally {
            for (var m : created) {
                demo.delete(m.id());
            }
        }
        assertThat(lab.virsh("list", "--all", "--name")).doesNotContain("vireo-");
        assertThat(lab.volumes()).allMatch(v -> v.startsWith("vireo-template-"));
    }
}
