package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.vireo.audit.AuditSource;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;
import org.vireo.hosts.HostService;
import org.vireo.quotas.QuotaService;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.LabHost;
import org.vireo.support.SerialShell;
import org.vireo.support.TwoLabs;
import org.vireo.templates.TemplateService;

/**
 * A real Debian server moves live from lab A to lab B with its disk: it does not reboot (its uptime keeps counting
 * across the move), a file written before is intact after, its private address answers another machine of its
 * tenant on lab B (a busybox demo guest; the tenant's subnet and the machine's address made there first), and
 * nothing of it is left on lab A. Labs in {@code none} mode: DHCP and a gateway inside the lab, no way out.
 */
@IntegrationTest
@TestPropertySource(properties = {"vireo.hosts.cpu-overcommit=16", "vireo.hosts.memory-overcommit=4"})
class DebianMigrationIT {
    static TwoLabs labs;
    static LabHost labA;
    static LabHost labB;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    MachineMigrations migrations;

    @Autowired
    HostService hosts;

    @Autowired
    ConsoleService consoles;

    @Autowired
    TemplateService templates;

    @Autowired
    QuotaService quotas;

    @DynamicPropertySource
    static void labs(DynamicPropertyRegistry registry) throws Exception {
        labs = TwoLabs.start("dmga", "dmgb", registry);
        labA = labs.a;
        labB = labs.b;
    }

    @AfterAll
    static void stopLabs() throws Exception {
        TwoLabs.stop(labs);
    }

    @Test
    void aDebianServerMovesLiveWithoutRebootingAndKeepsItsDiskAndPrivateAddress() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var user = demo.user();
        SystemActor.run(() -> quotas.setLimits(user.tenantId(), 100, 100_000, 1000, 50, AuditSource.SYSTEM));
        var registered = labs.register(hosts);
        var a = registered.get(0);
        var b = registered.get(1);
        TwoLabs.localInMaintenance(hosts);
        var template = SystemActor.call(() -> templates.registerImage(
                "Debian move " + suffix,
                DebianGuestIT.IMAGE,
                1,
                1024,
                null,
                true,
                "Debian 12",
                "debian",
                AuditSource.API));
        var created = new ArrayList<UUID>();
        var shells = new ArrayList<SerialShell>();
        try {
            SystemActor.run(() -> hosts.setMaintenance(b.id(), true, AuditSource.API));
            var traveller = Actors.as(
                    user,
                    () -> machines.provision(
                            new CreateMachine(
                                    "traveller-" + suffix,
                                    template.id(),
                                    1,
                                    1024,
                                    3,
                                    true,
                                    null,
                                    List.of(),
                                    null,
                                    true),
                            AuditSource.API));
            created.add(traveller.machine().id());
            SystemActor.run(() -> hosts.setMaintenance(b.id(), false, AuditSource.API));
            SystemActor.run(() -> hosts.setMaintenance(a.id(), true, AuditSource.API));
            // the peer only pings and is pinged: a busybox demo guest (a second Debian boot would compete for
            // the two cores with the traveller's)
            var peer = Actors.as(
                    user,
                    () -> machines.provision(
                            new CreateMachine("peer-" + suffix, demo.template(), 1, 128, 1, true, null),
                            AuditSource.API));
            created.add(peer.machine().id());
            SystemActor.run(() -> hosts.setMaintenance(a.id(), false, AuditSource.API));
            var t = traveller.machine();
            var p = peer.machine();
            assertThat(t.hostId()).isEqualTo(a.id());
            assertThat(p.hostId()).isEqualTo(b.id());

            var st = shell(user, t.id());
            shells.add(st);
            var sp = shell(user, p.id());
            shells.add(sp);
            st.logIn("debian", traveller.initialPassword(), 420);
            sp.awaitPrompt(PrivateNetworkIT.DEMO_PROMPT, 180);
            assertThat(st.ask("ip -4 -o addr show eth0 | grep -q ' " + t.privateIpv4() + "/'", 90))
                    .as(st.tail())
                    .isTrue();
            String peerHas = "ip -4 -o addr show eth0 | grep -q ' " + p.privateIpv4() + "/'";
            assertThat(sp.askWithin(peerHas, 90)).as(sp.tail()).isTrue();
            String mark = "moved-" + suffix;
            assertThat(st.ask("echo " + mark + " > /var/tmp/mark && sync", 30))
                    .as(st.tail())
                    .isTrue();
            double before = uptime(st);

            long started = System.nanoTime();
            SystemActor.call(() -> migrations.migrate(t.id(), b.id(), AuditSource.API));
            long deadline = System.currentTimeMillis() + 600_000;
            while (!moved(user, t.id(), b.id()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            double tookSeconds = (System.nanoTime() - started) / 1e9;
            assertThat(moved(user, t.id(), b.id())).as("moved to lab B").isTrue();
            System.out.printf(
                    "live migration of a running Debian guest (1 GiB memory, 3 GiB disk): %.1f s%n", tookSeconds);
            assertThat(Actors.as(user, () -> machines.get(t.id())).state()).isEqualTo(MachineState.RUNNING);

            // the same run of the guest, reached through lab B's console proxy: still logged in, no reboot
            st.close();
            var after = shell(user, t.id());
            shells.add(after);
            assertThat(after.ask("true", 60)).as(after.tail()).isTrue();
            double now = uptime(after);
            assertThat(now).as("uptime keeps counting").isGreaterThan(before).isLessThan(before + tookSeconds + 120);
            assertThat(after.ask("grep -qx " + mark + " /var/tmp/mark", 30))
                    .as(after.tail())
                    .isTrue();
            // its private address on lab B: the tenant's other machine there reaches it, and it the other
            assertThat(sp.ask("ping -c 2 -W 3 " + t.privateIpv4(), 60))
                    .as(sp.tail())
                    .isTrue();
            assertThat(after.ask("ping -c 2 -W 3 " + p.privateIpv4(), 60))
                    .as(after.tail())
                    .isTrue();
            assertThat(labA.virsh("list", "--all", "--name")).doesNotContain(t.domainName());
            assertThat(labA.volumes()).noneMatch(v -> v.startsWith(t.domainName()));
        } finally {
            shells.forEach(SerialShell::close);
            for (var id : created) {
                demo.delete(id);
            }
        }
    }

    private SerialShell shell(CurrentUser user, UUID id) throws Exception {
        var ticket = Actors.as(user, () -> consoles.issue(id, ConsoleType.SERIAL, AuditSource.API));
        return new SerialShell(ticket.url());
    }

    /** The guest's uptime in seconds, read from /proc/uptime through its console. */
    private static double uptime(SerialShell shell) throws Exception {
        int from = shell.client.received().length();
        shell.ws
                .sendBinary(SerialShell.bytes("echo UP=$(cut -d' ' -f1 /proc/uptime)=\r"), true)
                .join();
        var pattern = Pattern.compile("UP=([0-9.]+)=");
        long until = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < until) {
            var m = pattern.matcher(shell.client.received().substring(from));
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no uptime: " + shell.tail());
    }

    private boolean moved(CurrentUser user, UUID id, UUID hostId) {
        var m = Actors.as(user, () -> machines.get(id));
        return m.hostId().equals(hostId) && m.stateDetail() == null;
    }
}
