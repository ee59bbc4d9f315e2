package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The firewall tab changes what reaches a running guest, live. A Debian machine on a lab host gets a public address
 * of a pool on the lab's uplink bridge (TEST-NET-1, inside the lab), and a client namespace on that bridge stands in
 * for the internet. With the operator's default rule the client reaches SSH and port 80 stays silent; a tenant then
 * replaces SSH with the web preset in the German UI, and within seconds port 80 and 443 pass (the guest's kernel
 * answers them: nothing listens) while SSH goes silent, without a reboot.
 */
class FirewallLiveTest extends BrowserTest {
    private static final Path DEBIAN = Path.of("/var/lib/vireo/templates/debian-12/debian-12.qcow2");
    private static final LabHost LAB = new LabHost("fwlive");
    private static final String CLIENT = "vireo-fwlive-client";

    @Override
    protected VireoServer startServer() {
        try {
            return VireoServer.start("fw-live", Files.createTempDirectory("vireo-fw-live"), Map.of());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.kill();
        }
    }

    @Test
    void theWebPresetSavedInTheBrowserOpensPort80AndClosesSshOnTheRunningGuest() throws Exception {
        assertThat(DEBIAN)
                .as("built by scripts/build-template debian-12 (scripts/test runs it)")
                .isRegularFile();
        String uri = LAB.start();
        var admin = new Api(server.baseUrl, "admin", VireoServer.ADMIN_PASSWORD);
        var demo = new Api(server.baseUrl, "demo", VireoServer.DEMO_PASSWORD);
        String machine = null;
        try {
            // the uplink: a bridge in the lab without a host address, and the client's veth on it
            shell("ip netns add " + CLIENT + " && ip link add vfc0 netns " + CLIENT + " type veth peer name vfcbr0"
                    + " netns vireo-lab-fwlive"
                    + " && ip -n " + CLIENT + " addr add 192.0.2.1/24 dev vfc0"
                    + " && ip -n " + CLIENT + " link set vfc0 up && ip -n " + CLIENT + " link set lo up");
            LAB.exec(
                    "bash",
                    "-c",
                    "ip link add vpub0 type bridge && ip link set vpub0 up" + " && ip link set vfcbr0 master vpub0 up");
            // only the lab takes new machines
            var local = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"local\"")
                    .matcher(admin.get("/api/v1/admin/hosts"));
            assertThat(local.find()).isTrue();
            admin.post("/api/v1/admin/hosts/" + local.group(1) + "/maintenance", "{\"maintenance\":true}", 200);
            String labHost = Api.field(
                    admin.post(
                            "/api/v1/admin/hosts",
                            "{\"name\":\"lab\",\"uri\":\"" + uri
                                    + "\",\"accelerator\":\"tcg\",\"networkMode\":\"none\",\"dns\":\"none\"}",
                            201),
                    "id");
            admin.post(
                    "/api/v1/admin/ip-pools",
                    "{\"name\":\"uplink\",\"hostId\":\"" + labHost
                            + "\",\"cidr\":\"192.0.2.0/24\",\"gateway\":\"192.0.2.1\",\"bridge\":\"vpub0\","
                            + "\"reserved\":[]}",
                    201);
            String debian = Api.field(
                    admin.post(
                            "/api/v1/admin/templates",
                            "{\"name\":\"Debian fw\",\"imagePath\":\"" + DEBIAN
                                    + "\",\"memoryMiB\":512,\"diskGiB\":4,\"cloudInit\":true,"
                                    + "\"defaultUser\":\"debian\"}",
                            201),
                    "id");
            machine = Api.field(
                    demo.post(
                            "/api/v1/machines",
                            "{\"name\":\"walled-live\",\"templateId\":\"" + debian
                                    + "\",\"vcpus\":1,\"memoryMiB\":512,\"diskGiB\":4,\"publicIpv4\":true,"
                                    + "\"start\":true}",
                            201),
                    "id");
            String address = Api.field(demo.get("/api/v1/machines/" + machine + "/ips"), "address");
            assertThat(address).startsWith("192.0.2.");

            // the guest boots, cloud-init sets its address: the default rule (SSH) lets the client in, 80 is dropped
            long deadline = System.currentTimeMillis() + 480_000;
            while (!probe(address, 22).equals("open") && System.currentTimeMillis() < deadline) {
                Thread.sleep(5_000);
            }
            assertThat(probe(address, 22))
                    .as("SSH of the booted guest from the uplink")
                    .isEqualTo("open");
            assertThat(probe(address, 80)).isEqualTo("silent");

            open("de-DE");
            login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            navigate("/machines/" + machine);
            assertThat(page.locator("#firewall-rules")).containsText("22");
            page.locator("#firewall-rules .firewall-remove").first().click();
            page.locator("#firewall-preset-web").click();
            page.locator("#firewall-save").click();
            assertThat(successNotice()).containsText("Firewall-Regeln angewendet");
            long saved = System.currentTimeMillis();

            // live: 80 and 443 reach the guest (its kernel refuses them: nothing listens), SSH is dropped now
            assertThat(probe(address, 80)).isEqualTo("refused");
            assertThat(probe(address, 443)).isEqualTo("refused");
            assertThat(probe(address, 22)).isEqualTo("silent");
            assertThat(System.currentTimeMillis() - saved)
                    .as("no reboot: a Debian boot takes a minute here")
                    .isLessThan(30_000);
            assertThat(Api.field(demo.get("/api/v1/machines/" + machine), "state"))
                    .isEqualTo("RUNNING");
        } finally {
            if (machine != null) {
                demo.delete("/api/v1/machines/" + machine);
            }
            shell("ip netns del " + CLIENT + " 2>/dev/null || true");
            LAB.stop();
        }
    }

    private static String shell(String command) throws Exception {
        return LabHost.shell("bash", "-c", command);
    }

    /** What the client sees of a TCP port within 5 s: "open", "refused" (the guest's RST) or "silent" (dropped). */
    private static String probe(String address, int port) throws Exception {
        String out = shell("ip netns exec " + CLIENT + " timeout 5 bash -c '</dev/tcp/" + address + "/" + port
                + "' 2>&1 && echo PROBE-OPEN; echo \"PROBE-EXIT $?\"");
        if (out.contains("PROBE-OPEN")) {
            return "open";
        }
        return out.contains("refused") ? "refused" : out.contains("PROBE-EXIT 124") ? "silent" : out;
    }
}
