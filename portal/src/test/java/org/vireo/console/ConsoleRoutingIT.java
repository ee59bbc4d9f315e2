package org.vireo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.vireo.audit.AuditSource;
import org.vireo.base.InvalidInputException;
import org.vireo.hosts.HostService;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.MachineService;
import org.vireo.security.SystemActor;
import org.vireo.support.Actors;
import org.vireo.support.ConsoleClient;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.LabHost;

/**
 * A lab host with a standalone console proxy next to it (the console-proxy jar, started by scripts/lab-host on the
 * lab's address with the portal's ticket key): tickets for its machines point at that proxy, which redeems them and
 * relays the guest's VNC; the browser's content security policy allows that proxy and no unlisted one can be
 * registered.
 */
@IntegrationTest
class ConsoleRoutingIT {
    static LabHost lab;
    static String proxyUrl;
    static String secondUri;

    @Autowired
    HostService hosts;

    @Autowired
    MachineService machines;

    @Autowired
    ConsoleService consoles;

    @Autowired
    DemoTenant demo;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void standaloneProxy(DynamicPropertyRegistry registry) throws Exception {
        lab = LabHost.start("routing");
        secondUri = lab.uri();
        proxyUrl = lab.consoleUrl();
        registry.add("vireo.console.secret", LabHost::consoleSecret);
        registry.add("vireo.console.proxies", () -> proxyUrl);
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.stop();
        }
    }

    @Test
    void ticketsOfAHostWithItsOwnProxyAreRedeemedThere() throws Exception {
        assertThatThrownBy(() -> SystemActor.call(
                        () -> hosts.register("rogue", secondUri, "tcg", "ws://127.0.0.1:1/console", AuditSource.API)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hosts.console-url-unknown");
        var second = SystemActor.call(() -> hosts.register("second", secondUri, "tcg", proxyUrl, AuditSource.API));
        var local = SystemActor.call(() -> hosts.list()).stream()
                .filter(h -> h.name().equals("local"))
                .findFirst()
                .orElseThrow();
        SystemActor.run(() -> hosts.setMaintenance(local.id(), true, AuditSource.API)); // so it lands on "second"
        var m = Actors.as(
                demo.user(),
                () -> machines.create(new CreateMachine("routed", demo.template(), 1, 128, 1, true), AuditSource.API));
        try {
            assertThat(m.hostId()).isEqualTo(second.id());
            var ticket = Actors.as(demo.user(), () -> consoles.issue(m.id(), AuditSource.API));
            assertThat(ticket.url()).startsWith(proxyUrl + "?ticket=");
            var client = new ConsoleClient();
            long deadline = System.currentTimeMillis() + 20_000;
            WebSocket ws = null;
            while (ws == null) { // the proxy's JVM may still be starting
                try {
                    ws = HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .header("Origin", "http://localhost:8080")
                            .buildAsync(URI.create(ticket.url()), client)
                            .get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (System.currentTimeMillis() > deadline || !(e.getCause() instanceof ConnectException)) {
                        throw e;
                    }
                    Thread.sleep(300);
                }
            }
            assertThat(client.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");
            ws.abort();
            assertThat(Files.readString(Path.of("/var/lib/vireo-labs/routing/console-proxy.log")))
                    .contains("console opened user=demo");
            // the browser may connect to that proxy
            String csp = mvc.perform(get("/actuator/health"))
                    .andReturn()
                    .getResponse()
                    .getHeader("Content-Security-Policy");
            assertThat(csp)
                    .contains("connect-src 'self' ")
                    .contains(
                            "ws://" + lab.address() + ":" + URI.create(proxyUrl).getPort());
        } finally {
            SystemActor.run(() -> hosts.setMaintenance(local.id(), false, AuditSource.API));
            demo.delete(m.id());
        }
    }
}
