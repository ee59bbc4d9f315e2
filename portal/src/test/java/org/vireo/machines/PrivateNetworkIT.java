package org.vireo.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.IntFunction;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.base.Cidr;
import org.vireo.console.ConsoleService;
import org.vireo.console.ConsoleType;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostService;
import org.vireo.hypervisor.libvirt.NetworkXml;
import org.vireo.networks.IpPoolService;
import org.vireo.quotas.QuotaService;
import org.vireo.security.AccountService;
import org.vireo.security.CurrentUser;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.BearerCalls;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.LabHost;
import org.vireo.support.Poll;
import org.vireo.support.SerialShell;
import org.vireo.support.Shell;
import org.vireo.templates.TemplateService;
import org.vireo.tenants.TenantService;
import org.vireo.traffic.TrafficService;

/**
 * Private networks on a lab host in {@code nat} mode (its own network namespace: nothing here reaches this
 * machine's network), with three guests of the busybox demo template driven through their serial consoles (a
 * Debian guest's own address configuration is the public-address test's): tenant A's two machines get
 * their reserved addresses by DHCP and reach each other (ping, SSH port); tenant B's machine, in another subnet on
 * the same host, reaches neither; a guest that takes another address or MAC is cut off until it goes back.
 */
@IntegrationTest
@TestPropertySource(properties = {"vireo.hosts.cpu-overcommit=16", "vireo.hosts.memory-overcommit=4"})
class PrivateNetworkIT {
    static LabHost lab;

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoTenant demo;

    @Autowired
    MachineService machines;

    @Autowired
    HostService hosts;

    @Autowired
    ConsoleService consoles;

    @Autowired
    TemplateService templates;

    @Autowired
    TenantService tenants;

    @Autowired
    AccountService accounts;

    @Autowired
    QuotaService quotas;

    @Autowired
    IpPoolService pools;

    @Autowired
    MachineInterfaces interfaces;

    @Autowired
    MachineStateSync sync;

    @Autowired
    UsageHistory usage;

    @Autowired
    TrafficService traffic;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void labHost(DynamicPropertyRegistry registry) throws Exception {
        lab = LabHost.start("net");
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

    record Guest(CurrentUser owner, Machine machine, String password) {}

    static Host netlab;

    /** The lab registered once (a URI is registered only once), in {@code nat} mode. */
    Host netlab() throws Exception {
        if (netlab == null) {
            String uri = lab.uri();
            String consoleUrl = lab.consoleUrl();
            // a host without libvirt's clean-traffic (its package not installed) gets libvirt's own definitions,
            // which Vireo ships, when it is registered
            for (String filter : List.of(
                    "clean-traffic", "clean-traffic-gateway", "qemu-announce-self", "qemu-announce-self-rarp")) {
                lab.virsh("nwfilter-undefine", filter);
            }
            assertThat(filters()).doesNotContain("clean-traffic", "qemu-announce-self", "qemu-announce-self-rarp");
            netlab = SystemActor.call(
                    () -> hosts.register("netlab", uri, "tcg", consoleUrl, "nat", "host", AuditSource.API));
            assertThat(filters()).contains("clean-traffic", "qemu-announce-self", "qemu-announce-self-rarp");
        }
        return netlab;
    }

    /** The names of the lab's nwfilters. */
    private static Set<String> filters() throws Exception {
        var names = new TreeSet<String>();
        for (String line : lab.virsh("nwfilter-list").split("\n")) {
            String[] columns = line.strip().split("\\s+");
            if (columns.length == 2) {
                names.add(columns[1]);
            }
        }
        return names;
    }

    Host localHost() {
        return SystemActor.call(() -> hosts.list().stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow());
    }

    @Test
    void aTenantsMachinesReachEachOtherAndNoOtherTenantsMachine() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var netlab = netlab();
        assertThat(netlab.networkMode().wire()).isEqualTo("nat");
        var local = localHost();
        SystemActor.run(() -> hosts.setMaintenance(local.id(), true, AuditSource.API));
        var a = demo.user();
        var tenantB = SystemActor.call(() -> tenants.create("net-b-" + suffix, null, AuditSource.SYSTEM));
        SystemActor.run(() ->
                accounts.create("net-b-" + suffix, "net-b-password", Role.MEMBER, tenantB.id(), AuditSource.SYSTEM));
        var b = ((VireoPrincipal) accounts.loadUserByUsername("net-b-" + suffix)).currentUser();
        SystemActor.run(() -> quotas.setLimits(a.tenantId(), 100, 100_000, 1000, 50, AuditSource.SYSTEM));
        var guests = new ArrayList<Guest>();
        var shells = new ArrayList<SerialShell>();
        try {
            for (var owner : List.of(a, a, b)) {
                // busybox guests boot in seconds; what is tested is the network around them
                var cmd = new CreateMachine(
                        "net-" + guests.size() + "-" + suffix, demo.template(), 1, 128, 1, true, null);
                var made = Actors.as(owner, () -> machines.provision(cmd, AuditSource.API));
                assertThat(made.machine().hostId()).isEqualTo(netlab.id());
                guests.add(new Guest(owner, made.machine(), made.initialPassword()));
            }
            var a1 = guests.get(0).machine();
            var a2 = guests.get(1).machine();
            var b1 = guests.get(2).machine();
            // A's two share A's subnet; B's is another one
            Cidr subnetA = new Cidr(Cidr.address(a1.privateIpv4()) & -256, 24);
            assertThat(subnetA.contains(a2.privateIpv4())).isTrue();
            assertThat(subnetA.contains(b1.privateIpv4())).isFalse();
            assertThat(a1.mac()).isNotEqualTo(a2.mac()).startsWith("52:54:00:");

            for (var g : guests) {
                var ticket = Actors.as(
                        g.owner(), () -> consoles.issue(g.machine().id(), ConsoleType.SERIAL, AuditSource.API));
                var shell = new SerialShell(ticket.url());
                shells.add(shell);
            }
            for (var shell : shells) {
                shell.awaitPrompt(DEMO_PROMPT, 180);
                // something listening on the SSH port, as a server's sshd would
                assertThat(shell.ask("nc -ll -p 22 -e true &", 20))
                        .as(shell.tail())
                        .isTrue();
            }
            var s1 = shells.get(0);
            var s2 = shells.get(1);
            var sb = shells.get(2);
            // DHCP handed each guest the address reserved for it
            for (int i = 0; i < guests.size(); i++) {
                var m = guests.get(i).machine();
                String has = "ip -4 -o addr show eth0 | grep -q ' " + m.privateIpv4() + "/24 '";
                assertThat(shells.get(i).askWithin(has, 90))
                        .as(shells.get(i).tail())
                        .isTrue();
            }
            // A's machines reach each other: ping and the SSH port, both ways
            assertThat(s1.ask("ping -c 2 -W 3 " + a2.privateIpv4(), 30))
                    .as(s1.tail())
                    .isTrue();
            assertThat(s1.ask(demoTcp(a2.privateIpv4(), 22), 30)).as(s1.tail()).isTrue();
            assertThat(s2.ask(demoTcp(a1.privateIpv4(), 22), 30)).as(s2.tail()).isTrue();
            // B's machine reaches neither (no route between tenants' subnets), and they do not reach it
            assertThat(sb.ask("ping -c 2 -W 3 " + a1.privateIpv4(), 30))
                    .as(sb.tail())
                    .isFalse();
            assertThat(sb.ask(demoTcp(a1.privateIpv4(), 22), 30)).as(sb.tail()).isFalse();
            assertThat(sb.ask(demoTcp(a2.privateIpv4(), 22), 30)).as(sb.tail()).isFalse();
            assertThat(s1.ask(demoTcp(b1.privateIpv4(), 22), 30)).as(s1.tail()).isFalse();

            // the host is shielded: DNS on the own gateway answers; the lab's sshd and console proxy, the gateway's
            // other ports and the other tenant's gateway do not (scripts/host-guard's rules in the lab)
            String gatewayA = Cidr.format(subnetA.at(1));
            String gatewayB = Cidr.format(new Cidr(Cidr.address(b1.privateIpv4()) & -256, 24).at(1));
            String labAddress = lab.address();
            assertThat(s1.ask(demoTcp(gatewayA, 53), 30)).as(s1.tail()).isTrue();
            assertThat(sb.ask(demoTcp(gatewayB, 53), 30)).as(sb.tail()).isTrue();
            assertThat(s1.ask(demoTcp(labAddress, 22), 30)).as(s1.tail()).isFalse();
            assertThat(s1.ask(demoTcp(labAddress, 6080), 30)).as(s1.tail()).isFalse();
            assertThat(s1.ask(demoTcp(gatewayA, 22), 30)).as(s1.tail()).isFalse();
            assertThat(s1.ask(demoTcp(gatewayB, 53), 30)).as(s1.tail()).isFalse();
            assertThat(sb.ask(demoTcp(gatewayA, 53), 30)).as(sb.tail()).isFalse();
            // the lab's guards sit where libvirt's and nwfilter's rules cannot get above them
            String mangle = lab.exec("iptables", "-w", "-t", "mangle", "-S");
            assertThat(mangle)
                    .contains(
                            "-A FORWARD -o eth0 -j DROP",
                            "-A INPUT -i vrh+ -j VIREO_GUEST_IN",
                            "-A VIREO_GUEST_IN -j DROP");
            // and they hold after the lab's libvirtd restarts (it re-inserts its own rules)
            lab.exec(
                    "bash",
                    "-c",
                    "p=$(cat /run/libvirt/libvirtd.pid); kill $p; for i in $(seq 100); do"
                            + " kill -0 $p 2>/dev/null || break; sleep 0.2; done; libvirtd -d -p "
                            + "/run/libvirt/libvirtd.pid;"
                            + " for i in $(seq 50); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep "
                            + "0.2;"
                            + " done");
            assertThat(s1.ask(demoTcp(labAddress, 22), 30)).as(s1.tail()).isFalse();
            assertThat(s1.ask(demoTcp(gatewayA, 53), 30)).as(s1.tail()).isTrue();
            assertThat(sb.ask(demoTcp(a1.privateIpv4(), 22), 30)).as(sb.tail()).isFalse();
            assertThat(s1.ask(demoTcp(a2.privateIpv4(), 22), 30)).as(s1.tail()).isTrue();

            // the API names the interface, its MAC and its address; the address leads the machine's addresses
            var rest = new BearerCalls(mvc);
            var json = rest.call(rest.demo(get("/api/v1/machines/" + a1.id())), 200);
            assertThat(json.get("interfaces").get(0).get("mac").asText()).isEqualTo(a1.mac());
            assertThat(json.get("interfaces").get(0).get("network").asText()).isEqualTo("private");
            assertThat(json.get("interfaces").get(0).get("addresses").get(0).asText())
                    .isEqualTo(a1.privateIpv4());
            assertThat(json.get("addresses").get(0).asText()).isEqualTo(a1.privateIpv4());

            // a guest that takes another address of the subnet is cut off; back on its own, it is through again
            String spoofed = Cidr.format(subnetA.at(200));
            assertThat(s2.ask("ip addr flush dev eth0 && ip addr add " + spoofed + "/24 dev eth0", 20))
                    .as(s2.tail())
                    .isTrue();
            assertThat(s2.ask("ping -c 2 -W 3 " + a1.privateIpv4(), 30))
                    .as(s2.tail())
                    .isFalse();
            assertThat(s1.ask("ping -c 2 -W 3 " + spoofed, 30)).as(s1.tail()).isFalse();
            assertThat(s2.ask("ip addr flush dev eth0 && ip addr add " + a2.privateIpv4() + "/24 dev eth0", 20))
                    .as(s2.tail())
                    .isTrue();
            assertThat(s2.ask("ping -c 2 -W 3 " + a1.privateIpv4(), 30))
                    .as(s2.tail())
                    .isTrue();
            // and one that takes another MAC
            assertThat(s2.ask("ip link set eth0 address 52:54:00:de:ad:01", 20))
                    .as(s2.tail())
                    .isTrue();
            assertThat(s2.ask("ping -c 2 -W 3 " + a1.privateIpv4(), 30))
                    .as(s2.tail())
                    .isFalse();
            assertThat(s2.ask("ip link set eth0 address " + a2.mac(), 20))
                    .as(s2.tail())
                    .isTrue();
            assertThat(s2.ask("ping -c 3 -W 3 " + a1.privateIpv4(), 30))
                    .as(s2.tail())
                    .isTrue();
        } finally {
            shells.forEach(SerialShell::close);
            for (var g : guests) {
                Actors.as(g.owner(), () -> machines.delete(g.machine().id(), AuditSource.API));
            }
            SystemActor.run(() -> hosts.setMaintenance(local.id(), false, AuditSource.API));
        }
        // the tenants' last machines left the lab: so did their networks
        assertThat(lab.virsh("net-list", "--all", "--name"))
                .doesNotContain("vireo-net-" + a.tenantId())
                .doesNotContain("vireo-net-" + b.tenantId());
    }

    /**
     * A public address of a pool on the lab's uplink bridge (a documentation range, inside the lab's namespace):
     * the guest has it on its second interface with the pool's gateway as default route; a client in the lab
     * reaches it only through the ports its firewall opens (changed live); it counts in the tenant's quota until
     * the machine is deleted.
     */
    @Test
    void aPublicAddressIsConfiguredInTheGuestAndReachableOnTheUplink() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var netlab = netlab();
        var local = localHost();
        // the uplink: a bridge in the lab without a host address, and a client namespace on it standing in for the
        // internet (its router, 192.0.2.1): its traffic to the guest is bridged, as a real uplink's would be
        Shell.run("ip netns add " + CLIENT + " 2>/dev/null; ip -n " + CLIENT + " link show vpc0 >/dev/null 2>&1"
                + " || ip link add vpc0 netns " + CLIENT + " type veth peer name vpcbr0 netns vireo-lab-net;"
                + " ip -n " + CLIENT + " addr replace 192.0.2.1/24 dev vpc0 && ip -n " + CLIENT + " link set vpc0 up"
                + " && ip -n " + CLIENT + " link set lo up");
        lab.exec(
                "bash",
                "-c",
                "{ ip link show vpub0 >/dev/null 2>&1 || ip link add vpub0 type bridge; }"
                        + " && ip link set vpub0 up && ip link set vpcbr0 master vpub0 up");
        var pool = SystemActor.call(() -> pools.create(
                "lab-pub-" + suffix,
                netlab.id(),
                "192.0.2.0/24",
                "192.0.2.1",
                "vpub0",
                List.of("192.0.2.2"),
                AuditSource.API));
        SystemActor.run(() -> hosts.setMaintenance(local.id(), true, AuditSource.API));
        var template = SystemActor.call(() -> templates.registerImage(
                "Debian pub " + suffix,
                DebianGuestIT.IMAGE,
                1,
                1024,
                null,
                true,
                "Debian 12",
                "debian",
                AuditSource.API));
        var a = demo.user();
        SystemActor.run(() -> quotas.setLimits(a.tenantId(), 100, 100_000, 1000, 50, null, 2, AuditSource.SYSTEM));
        Machine machine = null;
        try {
            var cmd = new CreateMachine(
                    "pub-" + suffix, template.id(), 1, 1024, 3, true, null, List.of(), null, true, true);
            var made = Actors.as(a, () -> machines.provision(cmd, AuditSource.API));
            machine = made.machine();
            var id = machine.id();
            assertThat(machine.hostId()).isEqualTo(netlab.id());
            var nics = Actors.as(a, () -> interfaces.of(machines.get(id)));
            assertThat(nics).hasSize(2);
            assertThat(nics.get(1).network()).isEqualTo("public");
            String address = nics.get(1).addresses().get(0);
            assertThat(address).isEqualTo("192.0.2.3"); // .1 the gateway, .2 reserved
            assertThat(demo.quota().used().ipv4()).isEqualTo(1);
            assertThat(SystemActor.call(() -> pools.get(pool.id())).used()).isEqualTo(1);

            var ticket = Actors.as(a, () -> consoles.issue(id, ConsoleType.SERIAL, AuditSource.API));
            try (var shell = new SerialShell(ticket.url())) {
                shell.logIn("debian", made.initialPassword(), 420);
                assertThat(shell.ask("ip -4 -o addr show eth1 | grep -q ' " + address + "/24 '", 60))
                        .as(shell.tail())
                        .isTrue();
                assertThat(shell.ask("ip route | grep -q '^default via 192.0.2.1 dev eth1'", 20))
                        .as(shell.tail())
                        .isTrue();
                assertThat(shell.ask("ip -4 -o addr show eth0 | grep -q ' " + machine.privateIpv4() + "/24 '", 20))
                        .as(shell.tail())
                        .isTrue();
                // the guest reaches out (its own connections pass); the client on the uplink reaches SSH (the
                // operator's default rule, VIREO_FIREWALL_DEFAULT "tcp 22") and nothing else: ping goes unanswered
                assertThat(shell.ask("ping -c 2 -W 3 192.0.2.1", 30))
                        .as(shell.tail())
                        .isTrue();
                assertThat(client("ping -c 2 -W 2 " + address)).contains("100% packet loss");
                assertThat(reachable(address, 22)).isTrue();
                // no rules: closed, live
                var rest = new BearerCalls(mvc);
                rest.call(
                        rest.demo(put("/api/v1/machines/" + id + "/firewall"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"rules\":[]}"),
                        200);
                assertThat(reachable(address, 22)).isFalse();
                // a bad rule is refused naming it and changes nothing
                assertThat(rest.call(
                                        rest.demo(put("/api/v1/machines/" + id + "/firewall"))
                                                .contentType(MediaType.APPLICATION_JSON)
                                                .content("{\"rules\":[{\"protocol\":\"tcp\",\"ports\":\"22\"},"
                                                        + "{\"protocol\":\"tcp\",\"ports\":\"70000\"}]}"),
                                        400)
                                .toString())
                        .contains("rules[1].ports");
                assertThat(reachable(address, 22)).isFalse();
                // SSH opened, live: the port answers, ping still does not
                var opened = rest.call(
                        rest.demo(put("/api/v1/machines/" + id + "/firewall"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"rules\":[{\"protocol\":\"tcp\",\"ports\":\"22\","
                                        + "\"source\":\"0.0.0.0/0\"}]}"),
                        200);
                assertThat(opened.get("rules").get(0).get("ports").asText()).isEqualTo("22");
                assertThat(reachable(address, 22)).isTrue();
                assertThat(client("ping -c 2 -W 2 " + address)).contains("100% packet loss");
                // and ICMP from the uplink's subnet only
                rest.call(
                        rest.demo(put("/api/v1/machines/" + id + "/firewall"))
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"rules\":[{\"protocol\":\"tcp\",\"ports\":\"22\"},"
                                        + "{\"protocol\":\"icmp\",\"source\":\"192.0.2.0/24\"}]}"),
                        200);
                assertThat(client("ping -c 2 -W 3 " + address)).contains(" 0% packet loss");
                assertThat(rest.call(rest.demo(get("/api/v1/machines/" + id + "/firewall")), 200)
                                .get("rules")
                                .size())
                        .isEqualTo(2);
                trafficMatchesTheWire(a, id, address, shell, made.initialPassword(), rest);

                // someone on the uplink who routes through the host (its bridge has no address, but a MAC) opens
                // nothing in the tenant's private network: a datagram to the private address never arrives, while
                // the guest listens for it (checked to hear one sent on loopback first)
                shell.ask("sudo -n sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0", 60);
                assertThat(shell.ask(
                                "timeout 90 python3 -u -c \"import socket; s=socket.socket(socket.AF_INET,"
                                        + " socket.SOCK_DGRAM); s.bind(('0.0.0.0', 9999));"
                                        + " [print(s.recvfrom(64)) for _ in iter(int, 1)]\""
                                        + " > /tmp/heard 2>&1 < /dev/null &",
                                20))
                        .as(shell.tail())
                        .isTrue();
                assertThat(shell.ask(
                                "for i in 1 2 3 4 5 6 7 8 9 10; do echo probe > /dev/udp/127.0.0.1/9999;"
                                        + " sleep 1; grep -q probe /tmp/heard && break; done; grep -q probe /tmp/heard",
                                40))
                        .as(shell.tail())
                        .isTrue();
                String labMac = lab.exec("cat", "/sys/class/net/vpub0/address").strip();
                String privateNet = Cidr.format(Cidr.address(machine.privateIpv4()) & -256) + "/24";
                client("ip neigh replace 192.0.2.254 lladdr " + labMac + " dev vpc0 nud permanent");
                client("ip route replace " + privateNet + " via 192.0.2.254 dev vpc0");
                for (int i = 0; i < 3; i++) {
                    client("bash -c 'echo routed-in > /dev/udp/" + machine.privateIpv4() + "/9999'");
                }
                assertThat(shell.ask("sleep 3; grep -q routed-in /tmp/heard", 20))
                        .as(shell.tail())
                        .isFalse();
                // the control: with the lab's guards opened on purpose for this one address, the same datagram
                // arrives (the path is real; what stops it above are the guards)
                String open = "iptables -w -I FORWARD 1 -d " + machine.privateIpv4() + " -j ACCEPT"
                        + " && iptables -w -t mangle -I FORWARD 1 -d " + machine.privateIpv4() + " -j ACCEPT";
                lab.exec(
                        "bash",
                        "-c",
                        "sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.vpub0.rp_filter=0 && " + open);
                try {
                    for (int i = 0; i < 3; i++) {
                        client("bash -c 'echo opened-in > /dev/udp/" + machine.privateIpv4() + "/9999'");
                    }
                    assertThat(shell.ask("sleep 3; grep -q opened-in /tmp/heard", 20))
                            .as(shell.tail())
                            .isTrue();
                } finally {
                    lab.exec("bash", "-c", open.replace(" -I FORWARD 1 ", " -D FORWARD "));
                }
                client("ip route del " + privateNet);

                // a second address, added while it runs: the agent configures it at once, the same rules guard it
                var added = rest.call(rest.demo(post("/api/v1/machines/" + id + "/ips")), 201);
                String second = added.get("address").asText();
                assertThat(second).isEqualTo("192.0.2.4");
                assertThat(added.get("applied").asText()).isEqualTo("live");
                assertThat(shell.ask("ip -4 -o addr show | grep -q ' " + second + "/24 '", 20))
                        .as(shell.tail())
                        .isTrue();
                assertThat(reachable(second, 22)).isTrue();
                assertThat(demo.quota().used().ipv4()).isEqualTo(2);
                // the quota (2) is full: a third is refused with its own 409 and nothing changes
                assertThat(rest.call(rest.demo(post("/api/v1/machines/" + id + "/ips")), 409)
                                .get("type")
                                .asText())
                        .endsWith("/quota-exceeded");
                assertThat(rest.call(rest.demo(get("/api/v1/machines/" + id + "/ips")), 200)
                                .size())
                        .isEqualTo(2);
                // reverse DNS: a bad name is refused naming the field, a good one is stored
                assertThat(rest.call(
                                        rest.demo(put("/api/v1/machines/" + id + "/ips/" + second))
                                                .contentType(MediaType.APPLICATION_JSON)
                                                .content("{\"ptr\":\"not a name!\"}"),
                                        400)
                                .toString())
                        .contains("ptr");
                assertThat(rest.call(
                                        rest.demo(put("/api/v1/machines/" + id + "/ips/" + second))
                                                .contentType(MediaType.APPLICATION_JSON)
                                                .content("{\"ptr\":\"srv.example.org\"}"),
                                        200)
                                .get("ptr")
                                .asText())
                        .isEqualTo("srv.example.org");
                // taken off again: the guest lets go of it, the first one still answers
                rest.call(rest.demo(delete("/api/v1/machines/" + id + "/ips/" + second)), 204);
                rest.call(rest.demo(delete("/api/v1/machines/" + id + "/ips/" + second)), 404);
                assertThat(reachable(second, 22)).isFalse();
                assertThat(reachable(address, 22)).isTrue();
                assertThat(demo.quota().used().ipv4()).isEqualTo(1);
                aThrottleHoldsItsRateAndLiftsLive(a, id, address, shell, rest);
            }
        } finally {
            Shell.run("ip netns del " + CLIENT + " || true");
            if (machine != null) {
                var id = machine.id();
                Actors.as(a, () -> machines.delete(id, AuditSource.API));
            }
            SystemActor.run(() -> hosts.setMaintenance(local.id(), false, AuditSource.API));
            SystemActor.run(() -> templates.delete(template.id(), AuditSource.API));
        }
        // the address went with its machine: the quota and the pool are free again, and the pool can go
        assertThat(demo.quota().used().ipv4()).isZero();
        SystemActor.run(() -> pools.delete(pool.id(), AuditSource.API));
    }

    /**
     * A machine made before private addresses (no MAC or address in its row, a plain interface with a MAC libvirt
     * chose, its tenant's network bare layer 2) gets its address on its next start: the network is made again with
     * DHCP (nothing runs on it), the interface keeps its MAC and is guarded, the guest asks DHCP and gets the
     * address. A network gone missing comes back with the reconciler, reservation included; deleting the tenant's
     * last machine on the host takes the network.
     */
    @Test
    void aMachineFromBeforePrivateAddressesGetsItsAddressOnItsNextStart() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var netlab = netlab();
        var local = localHost();
        SystemActor.run(() -> hosts.setMaintenance(local.id(), true, AuditSource.API));
        var tenant = SystemActor.call(() -> tenants.create("net-old-" + suffix, null, AuditSource.SYSTEM));
        SystemActor.run(() ->
                accounts.create("net-old-" + suffix, "net-old-password", Role.MEMBER, tenant.id(), AuditSource.SYSTEM));
        var owner = ((VireoPrincipal) accounts.loadUserByUsername("net-old-" + suffix)).currentUser();
        String network = TenantNetworks.networkName(tenant.id());
        Machine made = null;
        try {
            var cmd = new CreateMachine("old-" + suffix, demo.template(), 1, 128, 1, false, null);
            made = Actors.as(owner, () -> machines.provision(cmd, AuditSource.API))
                    .machine();
            var id = made.id();
            String domain = made.domainName();
            assertThat(made.hostId()).isEqualTo(netlab.id());

            // made "before": a row without address, an interface as the old Vireo wrote it, a bare network
            jdbc.update("update machine set mac = null, private_ipv4 = null where id = ?", id);
            String oldMac = "52:54:00:0d:" + suffix.substring(0, 2) + ":" + suffix.substring(2, 4);
            String defined = lab.virsh("dumpxml", "--inactive", domain)
                    .replaceAll(
                            "(?s)<interface .*?</interface>",
                            "<interface type='network'><mac address='" + oldMac + "'/><source network='" + network
                                    + "'/><model type='virtio'/></interface>");
            lab.virsh("define", file(defined));
            lab.virsh("net-destroy", network);
            lab.virsh("net-undefine", network);
            lab.virsh(
                    "net-define",
                    file(NetworkXml.isolated(network, TenantNetworks.bridgeName(tenant.id(), netlab.id()))));
            lab.virsh("net-start", network);
            assertThat(lab.virsh("net-dumpxml", network)).doesNotContain("<ip ");

            Actors.as(owner, () -> machines.start(id, AuditSource.API));
            var started = Actors.as(owner, () -> machines.get(id));
            assertThat(started.mac()).isEqualTo(oldMac);
            assertThat(started.privateIpv4()).isNotNull();
            String address = started.privateIpv4();
            assertThat(lab.virsh("net-dumpxml", network))
                    .contains("<ip address=")
                    .contains("mac='" + oldMac + "'")
                    .contains("ip='" + address + "'");
            assertThat(lab.virsh("dumpxml", "--inactive", domain))
                    .contains("filter='clean-traffic'")
                    .contains("value='" + address + "'");
            // the guest asked DHCP and got its address (the demo guest writes it to its serial port)
            long deadline = System.currentTimeMillis() + 180_000;
            while (!lab.serialLog(domain).contains("VIREO-DEMO-ADDRESS " + address)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(2000);
            }
            assertThat(lab.serialLog(domain)).contains("VIREO-DEMO-ADDRESS " + address);

            // the network goes missing while the machine is off (a host restarted without autostart): the
            // reconciler makes it again, reservation included
            Actors.as(owner, () -> machines.powerOff(id, AuditSource.API));
            lab.virsh("net-destroy", network);
            lab.virsh("net-undefine", network);
            SystemActor.run(() -> sync.reconcile());
            assertThat(lab.virsh("net-dumpxml", network))
                    .contains("mac='" + oldMac + "'")
                    .contains("ip='" + address + "'");
            assertThat(lab.virsh("net-list", "--name")).contains(network);
        } finally {
            if (made != null) {
                var id = made.id();
                Actors.as(owner, () -> machines.delete(id, AuditSource.API));
            }
            SystemActor.run(() -> hosts.setMaintenance(local.id(), false, AuditSource.API));
        }
        // the tenant's last machine on the lab went: so did its network
        assertThat(lab.virsh("net-list", "--all", "--name")).doesNotContain(network);
    }

    private static String file(String content) throws Exception {
        var path = Files.createTempFile("vireo-net-", ".xml");
        Files.writeString(path, content);
        path.toFile().deleteOnExit();
        return path.toString();
    }

    /** The client on the lab's uplink. */
    static final String CLIENT = "vireo-net-client";

    /**
     * Traffic (issue 35): a known load from the uplink's client (pings of 1,400 bytes, answered) is booked as the
     * machine's public traffic within 1 % of the bytes on the client's own interface (headers included), received
     * and sent, also with a reboot of the guest in the middle (its own reboot through the portal: the machine keeps
     * running, and whatever it says on the uplink while it boots counts on both sides).
     */
    private void trafficMatchesTheWire(
            CurrentUser a, UUID id, String address, SerialShell shell, String password, BearerCalls rest)
            throws Exception {
        var month = YearMonth.now(ZoneOffset.UTC);
        SystemActor.run(() -> usage.sample());
        var before = Actors.as(a, () -> traffic.ofMachine(id, month)).publicBytes();
        long sentBefore = clientCounter("tx_bytes");
        long heardBefore = clientCounter("rx_bytes");
        client("ping -q -c 500 -i 0.005 -s 1400 -W 2 " + address);
        rest.call(rest.demo(post("/api/v1/machines/" + id + "/reboot")), 202);
        shell.logIn("debian", password, 420);
        Poll.until(
                "a ping answered",
                Duration.ofSeconds(120),
                () -> client("ping -c 1 -W 2 " + address).contains(" 0% packet loss"));
        client("ping -q -c 500 -i 0.005 -s 1400 -W 2 " + address);
        long sent = clientCounter("tx_bytes") - sentBefore;
        long heard = clientCounter("rx_bytes") - heardBefore;
        SystemActor.run(() -> usage.sample());
        var after = Actors.as(a, () -> traffic.ofMachine(id, month)).publicBytes();
        long received = after.rx() - before.rx();
        long answered = after.tx() - before.tx();
        System.out.printf(
                "traffic: the client sent %d and heard %d bytes; Vireo booked %d received, %d sent%n",
                sent, heard, received, answered);
        assertThat(sent).isGreaterThan(1_000_000);
        assertThat((double) received).isCloseTo(sent, Percentage.withPercentage(1));
        assertThat((double) answered).isCloseTo(heard, Percentage.withPercentage(1));
    }

    private static long clientCounter(String name) throws Exception {
        return Long.parseLong(
                client("cat /sys/class/net/vpc0/statistics/" + name).strip());
    }

    /**
     * Traffic allowances (issue 35): over its allowance, the tenant's public interface is held to the throttle rate
     * (VIREO_TRAFFIC_THROTTLE_MBIT, 10 Mbit/s) each way by the lab's throttle agent (scripts/host-throttle: this
     * kernel cannot limit through libvirt), within 20 %; the tenant sees it; raising the allowance frees the running
     * machine at the next round. The month so far (1 GiB) is booked as a row of its own: pushing a real GiB through a
     * TCG guest would take minutes and prove nothing the wire test above does not.
     */
    private void aThrottleHoldsItsRateAndLiftsLive(
            CurrentUser a, UUID id, String address, SerialShell shell, BearerCalls rest) throws Exception {
        var script = Files.createTempFile("xfer", ".py");
        try (var in = getClass().getResourceAsStream("/traffic/xfer.py")) {
            Files.write(script, in.readAllBytes());
        }
        String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(script));
        assertThat(shell.ask(
                        "echo " + encoded + " | base64 -d > /tmp/xfer.py && (python3 /tmp/xfer.py serve"
                                + " 0.0.0.0 5001 6000000 > /tmp/xfer.log 2>&1 < /dev/null &)",
                        30))
                .as(shell.tail())
                .isTrue();
        rest.call(
                rest.demo(put("/api/v1/machines/" + id + "/firewall"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"rules\":[{\"protocol\":\"tcp\",\"ports\":\"22\"},{\"protocol\":\"tcp\","
                                + "\"ports\":\"5001\"},{\"protocol\":\"icmp\",\"source\":\"192.0.2.0/24\"}]}"),
                200);
        // the rates on the wire (the client's interface counters, headers and the guest's retransmissions included:
        // the throttle holds bytes on the wire) at which the machine sends and receives, each in one transfer
        IntFunction<long[]> rates = bytes -> {
            try {
                long[] wire = new long[2];
                String[] ways = {"fetch", "send"};
                for (int i = 0; i < 2; i++) {
                    String counter = i == 0 ? "rx_bytes" : "tx_bytes";
                    long before = clientCounter(counter);
                    double seconds = Double.parseDouble(
                            lastLine(client("python3 " + script + " " + ways[i] + " " + address + " 5001 " + bytes)));
                    long moved = clientCounter(counter) - before;
                    wire[i] = (long) (moved / seconds);
                    System.out.printf(
                            "throttle: %s of %d bytes: %.2f s, %d bytes on the wire, %d B/s (payload %d" + " B/s)%n",
                            ways[i], bytes, seconds, moved, wire[i], (long) (bytes / seconds));
                }
                return wire;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        long throttle = 10_000_000 / 8; // VIREO_TRAFFIC_THROTTLE_MBIT's default, in bytes per second
        try {
            var free = rates.apply(6_000_000);
            System.out.printf("throttle: unthrottled, the machine sent %d B/s and received %d B/s%n", free[0], free[1]);
            // the guest is fast enough for the throttle to show (else this test would prove nothing)
            assertThat(Math.min(free[0], free[1])).isGreaterThan(2 * throttle);

            // the month so far: 1 GiB of public traffic, against an allowance of 1 GiB
            var month = LocalDate.now(ZoneOffset.UTC);
            var machineRow = Actors.as(a, () -> machines.get(id));
            jdbc.update(
                    "insert into traffic_day (machine_id, host_id, on_day, kind, tenant_id, rx_bytes, tx_bytes)"
                            + " values (?, ?, ?, 'public', ?, 0, ?)",
                    UUID.randomUUID(),
                    machineRow.hostId(),
                    month,
                    a.tenantId(),
                    1L << 30);
            SystemActor.run(
                    () -> quotas.setLimits(a.tenantId(), 100, 100_000, 1000, 50, null, 2, 1, AuditSource.SYSTEM));
            SystemActor.run(() -> usage.sample());
            assertThat(rest.call(rest.demo(get("/api/v1/traffic")), 200)
                            .get("allowancePercent")
                            .asInt())
                    .isGreaterThanOrEqualTo(100);
            Poll.until(
                    "the agent's ifb",
                    Duration.ofSeconds(20),
                    () -> lab.exec("ip", "-o", "link", "show", "type", "ifb").contains("vt-"));
            var held = rates.apply(5_000_000);
            System.out.printf(
                    "throttle: over the allowance, the machine sent %d B/s and received %d B/s (%d B/s on"
                            + " the wire wanted)%n",
                    held[0], held[1], throttle);
            for (long rate : held) {
                assertThat((double) rate).isCloseTo(throttle, Percentage.withPercentage(20));
            }
            assertThat(jdbc.queryForObject(
                            "select count(*) from audit_event where action = 'traffic.throttle'" + " and tenant_id = ?",
                            Integer.class,
                            a.tenantId()))
                    .isPositive();

            // an operator raises the allowance: free again at the next round, without a restart
            SystemActor.run(
                    () -> quotas.setLimits(a.tenantId(), 100, 100_000, 1000, 50, null, 2, 100, AuditSource.SYSTEM));
            SystemActor.run(() -> usage.sample());
            Poll.until(
                    "the agent's ifb gone",
                    Duration.ofSeconds(20),
                    () -> !lab.exec("ip", "-o", "link", "show", "type", "ifb").contains("vt-"));
            var freed = rates.apply(6_000_000);
            System.out.printf(
                    "throttle: allowance raised, the machine sent %d B/s and received %d B/s%n", freed[0], freed[1]);
            assertThat(Math.min(freed[0], freed[1])).isGreaterThan(2 * throttle);
            assertThat(Actors.as(a, () -> machines.get(id)).state()).isEqualTo(MachineState.RUNNING);
        } finally {
            SystemActor.run(
                    () -> quotas.setLimits(a.tenantId(), 100, 100_000, 1000, 50, null, 2, 0, AuditSource.SYSTEM));
            Files.deleteIfExists(script);
        }
    }

    private static String lastLine(String output) {
        var lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    /** Runs a command in the client's namespace: its output, errors included, whatever it exits with. */
    private static String client(String command) throws Exception {
        return Shell.run("ip netns exec " + CLIENT + " " + command + " 2>&1 || true");
    }

    /** Whether the client on the uplink opens a TCP connection to the guest's port within 5 s. */
    private static boolean reachable(String address, int port) throws Exception {
        String out = client("bash -c \"" + tcp(address, port) + " && echo PORT-OPEN || echo PORT-SHUT\"");
        assertThat(out).containsAnyOf("PORT-OPEN", "PORT-SHUT");
        return out.contains("PORT-OPEN");
    }

    /** Whether a TCP connection to the port opens within 5 s (bash's /dev/tcp; the image has no netcat). */
    /** The demo guest's root shell on its serial console. */
    static final String DEMO_PROMPT = "vireo-demo# ";

    /** A TCP connect from a demo guest (busybox nc: exits 0 once connected and the peer closes). */
    private static String demoTcp(String address, int port) {
        return "nc -w 5 " + address + " " + port + " </dev/null";
    }

    private static String tcp(String address, int port) {
        return "timeout 5 bash -c '</dev/tcp/" + address + "/" + port + "'";
    }
}
