package org.vireo.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The firewall tab changes what reaches a running guest, live. A machine of the busybox demo template on a lab host
 * gets a public address of a pool on the lab's uplink bridge (TEST-NET-1, inside the lab), which the tenant sets in
 * the guest through the browser's serial console (a Debian guest's cloud-init doing so is PrivateNetworkIT's), and a
 * client namespace on that bridge stands in for the internet. With the operator's default rule the client reaches
 * the SSH port (the guest's kernel answers: nothing listens) and port 80 stays silent; a tenant then replaces SSH
 * with the web preset in the German UI, and within seconds port 80 and 443 reach the guest while SSH goes silent,
 * without a reboot.
 */
class FirewallLiveTest extends BrowserTest {
    private static final LabHost LAB = new LabHost("fwlive");
    private static final String CLIENT = "vireo-fwlive-client";

    /** The key the portal shares with the lab's console proxy (base64 of 32 bytes). */
    private static final String CONSOLE_SECRET = "ZnctbGl2ZS10ZXN0LWNvbnNvbGUtc2VjcmV0LTMyYnk=";

    private String uri;

    @Override
    protected VireoServer startServer() {
        try {
            // the lab's console proxy (the browser's serial console) accepts the portal's page as origin
            int port = VireoServer.freePort();
            LAB.with(Map.of(
                            "VIREO_CONSOLE_SECRET",
                            CONSOLE_SECRET,
                            "VIREO_CONSOLE_ORIGINS",
                            "http://localhost:" + port))
                    .stop();
            uri = LAB.start();
            return VireoServer.start(
                    "fw-live",
                    Files.createTempDirectory("vireo-fw-live"),
                    Map.of(
                            "VIREO_CONSOLE_SECRET",
                            CONSOLE_SECRET,
                            "VIREO_CONSOLE_PROXIES",
                            LAB.run("console-url").strip()),
                    port);
        } catch (Exception e) {
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
                                    + "\",\"accelerator\":\"tcg\",\"networkMode\":\"none\",\"dns\":\"none\","
                                    + "\"consoleUrl\":\""
                                    + LAB.run("console-url").strip() + "\"}",
                            201),
                    "id");
            admin.post(
                    "/api/v1/admin/ip-pools",
                    "{\"name\":\"uplink\",\"hostId\":\"" + labHost
                            + "\",\"cidr\":\"192.0.2.0/24\",\"gateway\":\"192.0.2.1\",\"bridge\":\"vpub0\","
                            + "\"reserved\":[]}",
                    201);
            String demoTemplate = Api.field(demo.get("/api/v1/templates"), "id");
            machine = Api.field(
                    demo.post(
                            "/api/v1/machines",
                            "{\"name\":\"walled-live\",\"templateId\":\"" + demoTemplate
                                    + "\",\"vcpus\":1,\"memoryMiB\":128,\"diskGiB\":1,\"publicIpv4\":true,"
                                    + "\"start\":true}",
                            201),
                    "id");
            String address = Api.field(demo.get("/api/v1/machines/" + machine + "/ips"), "address");
            assertThat(address).startsWith("192.0.2.");

            open("de-DE");
            login("demo", VireoServer.DEMO_PASSWORD, "Benutzername", "Passwort", "Anmelden");
            // the guest boots; its public interface (the second, after the private one) gets the address by hand
            navigate("/machines/" + machine);
            page.locator("#open-serial-console").click();
            assertThat(page.locator("#console-status"))
                    .hasAttribute(
                            "data-state", "connected", new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
            page.locator("#console-screen .xterm").click();
            long deadline = System.currentTimeMillis() + 180_000;
            while (!serialText().contains("vireo-demo#") && System.currentTimeMillis() < deadline) {
                page.keyboard().press("Enter");
                page.waitForTimeout(2_000);
            }
            page.keyboard()
                    .type(
                            "ip link set eth1 up && ip addr add " + address + "/24 dev eth1 && echo ADDRESS-$((40+2))",
                            new Keyboard.TypeOptions().setDelay(20));
            page.keyboard().press("Enter");
            page.waitForFunction("async () => (await import('/vireo/console.js')).serialText("
                    + "document.querySelector('#console-screen')).includes('ADDRESS-42')");
            // the default rule (SSH) lets the client reach the guest, 80 is dropped
            assertThat(probe(address, 22))
                    .as("the SSH port of the guest from the uplink")
                    .isEqualTo("refused");
            assertThat(probe(address, 80)).isEqualTo("silent");

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
                    .as("no reboot (it would lose the address set by hand)")
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

    private String serialText() {
        return (String) page.evaluate("async () => (await import('/vireo/console.js')).serialText("
                + "document.querySelector('#console-screen'))");
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
