package org.vireo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditSource;
import org.vireo.base.NotFoundException;
import org.vireo.consoleproxy.ConsoleProxy;
import org.vireo.consoleproxy.HmacTickets;
import org.vireo.consoleproxy.ProxyConfig;
import org.vireo.consoleproxy.SessionListener;
import org.vireo.machines.CreateMachine;
import org.vireo.machines.Machine;
import org.vireo.machines.MachineService;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.ConsoleClient;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.tenants.TenantService;

/** Console tickets and the embedded proxy against a real guest's VNC server. */
@IntegrationTest
@TestPropertySource(properties = "vireo.console.secret=" + ConsoleIT.SECRET)
class ConsoleIT {
    /** Shared with a second proxy in the test that, like a standalone one, never hears that a machine stopped. */
    static final String SECRET = "Y29uc29sZS1pdC1zZWNyZXQtMDEyMzQ1Njc4OWFiY2RlZg==";

    @Autowired
    ConsoleService consoles;

    @Autowired
    MachineService machines;

    @Autowired
    AccountService accounts;

    @Autowired
    TenantService tenants;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    DemoTenant demoTenant;

    @Autowired
    AuditLog audit;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    TaskExecutor shared;

    @Test
    void consoleRelaysTheGuestsVncAndClosesWhenTheMachineStops() throws Exception {
        var demo = demoTenant.user();
        var m = demoTenant.create("console-it", true);
        try {
            // Another tenant gets "not found" for the same machine.
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            var other = SystemActor.call(() -> tenants.create("console-" + suffix, null, AuditSource.SYSTEM));
            SystemActor.run(() -> accounts.create(
                    "console-" + suffix, "console-password", Role.MEMBER, other.id(), AuditSource.SYSTEM));
            var stranger = ((VireoPrincipal) accounts.loadUserByUsername("console-" + suffix)).currentUser();
            assertThatThrownBy(() -> Actors.as(stranger, () -> consoles.issue(m.id(), AuditSource.API)))
                    .isInstanceOf(NotFoundException.class);

            var ticket = Actors.as(demo, () -> consoles.issue(m.id(), AuditSource.API));
            assertThat(ticket.url()).startsWith("ws://localhost:").contains("/console?ticket=");
            // the executor the UI's long work shares is busy (slow imports, slow hosts): console rows still go in
            var busy = new CountDownLatch(1);
            for (int i = 0; i < 32; i++) {
                shared.execute(() -> {
                    try {
                        busy.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            var client = new ConsoleClient();
            var ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(ticket.url()), client)
                    .get(10, TimeUnit.SECONDS);
            // QEMU's VNC server speaks first: the RFB version greeting comes through the proxy.
            assertThat(client.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");
            // the session is audited under the machine's tenant, so its tenant admins see it (written off the loop)
            long until = System.currentTimeMillis() + 5000;
            while (SystemActor.call(() -> audit.forTarget(demo.tenantId(), m.id().toString(), 10)).stream()
                            .noneMatch(e -> e.action().equals("console.open"))
                    && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            assertThat(SystemActor.call(() -> audit.forTarget(demo.tenantId(), m.id().toString(), 10)))
                    .anyMatch(e -> e.action().equals("console.open"));
            busy.countDown();
            // The same ticket does not open a second session.
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .header("Origin", "http://localhost:8080")
                            .buildAsync(URI.create(ticket.url()), new ConsoleClient())
                            .get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);

            long t0 = System.nanoTime();
            Actors.as(demo, () -> machines.powerOff(m.id(), AuditSource.API));
            // Whichever comes first: the portal ending the session, or QEMU's VNC server going away with the guest.
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isIn("machine stopped", "the machine's console closed");
            System.out.printf(
                    "console closed %d ms after power-off%n",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis());
            ws.abort();
        } finally {
            demoTenant.delete(m.id());
        }
    }

    @Test
    void serialConsoleCarriesTheGuestsShellBothWays() throws Exception {
        var demo = demoTenant.user();
        var m = demoTenant.create("serial-it", true);
        try {
            var ticket = Actors.as(demo, () -> consoles.issue(m.id(), ConsoleType.SERIAL, AuditSource.API));
            var client = new ConsoleClient();
            var ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(ticket.url()), client)
                    .get(10, TimeUnit.SECONDS);
            // The guest's shell on ttyS0 answers through the proxy: typed in, computed by the guest, read back.
            assertThat(client.typeUntil(ws, "echo VIREO-$((6*7))", "VIREO-42", 60))
                    .as(client.received())
                    .isTrue();
            // What the port wrote before anyone connected is kept in the host's log of it.
            assertThat(Files.readString(Actors.as(demo, () -> machines.serialLog(m.id()))))
                    .contains("VIREO-DEMO-BOOTED");
            Actors.as(demo, () -> machines.powerOff(m.id(), AuditSource.API));
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isIn("machine stopped", "the machine's console closed");
            ws.abort();
        } finally {
            demoTenant.delete(m.id());
        }
    }

    /**
     * A serial ticket names its run's socket: after a power-off and a new start (as rescue and rebuild do), an unused
     * ticket of the last run opens nothing, also at a proxy that never heard of the stop; a new ticket works.
     */
    @Test
    void aSerialTicketOfTheLastRunOpensNothingOfTheNextOne() throws Exception {
        var demo = demoTenant.user();
        var m = demoTenant.create("serial-run", true);
        var unaware = new ConsoleProxy(
                        ProxyConfig.defaults("127.0.0.1", 0, Set.of("http://localhost:8080")),
                        new HmacTickets(Base64.getDecoder().decode(SECRET)),
                        SessionListener.NONE)
                .start();
        try {
            var old = Actors.as(demo, () -> consoles.issue(m.id(), ConsoleType.SERIAL, AuditSource.API));
            Actors.as(demo, () -> machines.powerOff(m.id(), AuditSource.API));
            Actors.as(demo, () -> machines.start(m.id(), AuditSource.API));
            String query = old.url().substring(old.url().indexOf("?ticket="));
            for (String url : new String[] {"ws://127.0.0.1:" + unaware.port() + "/console" + query, old.url()}) {
                var client = new ConsoleClient();
                assertThatThrownBy(() -> HttpClient.newHttpClient()
                                .newWebSocketBuilder()
                                .header("Origin", "http://localhost:8080")
                                .buildAsync(URI.create(url), client)
                                .get(10, TimeUnit.SECONDS))
                        .as(url)
                        .hasCauseInstanceOf(WebSocketHandshakeException.class);
            }
            assertThat(unaware.metrics().sessionsOpened.get()).isZero();
            var fresh = Actors.as(demo, () -> consoles.issue(m.id(), ConsoleType.SERIAL, AuditSource.API));
            var client = new ConsoleClient();
            var ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(fresh.url()), client)
                    .get(10, TimeUnit.SECONDS);
            assertThat(client.typeUntil(ws, "echo RUN-$((6*7))", "RUN-42", 60))
                    .as(client.received())
                    .isTrue();
            ws.abort();
        } finally {
            unaware.close();
            demoTenant.delete(m.id());
        }
    }

    /**
     * The reported hole: tenant A takes a ticket, powers its machine off, tenant B starts a machine (which, with
     * VNC on TCP ports, got A's old port); A's unused ticket must open nothing, and certainly not B's screen. Both
     * at the portal's own proxy (which voids the ticket) and at a proxy that never heard of the stop (the ticket
     * names the socket of A's run, which is gone).
     */
    @Test
    void anUnusedTicketOfAStoppedMachineNeverOpensAnotherTenantsConsole() throws Exception {
        var a = demoTenant.user();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var tenantB = SystemActor.call(() -> tenants.create("hole-" + suffix, null, AuditSource.SYSTEM));
        SystemActor.run(() ->
                accounts.create("hole-" + suffix, "hole-password-1", Role.MEMBER, tenantB.id(), AuditSource.SYSTEM));
        var b = ((VireoPrincipal) accounts.loadUserByUsername("hole-" + suffix)).currentUser();
        var machineA = demoTenant.create("hole-a", true);
        Machine machineB = null;
        var unaware = new ConsoleProxy(
                        ProxyConfig.defaults("127.0.0.1", 0, Set.of("http://localhost:8080")),
                        new HmacTickets(Base64.getDecoder().decode(SECRET)),
                        SessionListener.NONE)
                .start();
        try {
            var ticketA = Actors.as(a, () -> consoles.issue(machineA.id(), AuditSource.API));
            Actors.as(a, () -> machines.powerOff(machineA.id(), AuditSource.API));
            machineB = Actors.as(
                    b,
                    () -> machines.create(
                            new CreateMachine("hole-b", demoTenant.template(), 1, 128, 1, true), AuditSource.API));
            var idB = machineB.id();
            // B's console works...
            var ticketB = Actors.as(b, () -> consoles.issue(idB, AuditSource.API));
            var clientB = new ConsoleClient();
            var wsB = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(ticketB.url()), clientB)
                    .get(10, TimeUnit.SECONDS);
            assertThat(clientB.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");
            wsB.abort();
            // ...and A's old ticket opens nothing, at the portal's proxy or at one that knows nothing of the stop.
            String query = ticketA.url().substring(ticketA.url().indexOf("?ticket="));
            for (String url : new String[] {ticketA.url(), "ws://127.0.0.1:" + unaware.port() + "/console" + query}) {
                var client = new ConsoleClient();
                assertThatThrownBy(() -> HttpClient.newHttpClient()
                                .newWebSocketBuilder()
                                .header("Origin", "http://localhost:8080")
                                .buildAsync(URI.create(url), client)
                                .get(10, TimeUnit.SECONDS))
                        .as(url)
                        .hasCauseInstanceOf(WebSocketHandshakeException.class);
                assertThat(client.first).isNotDone();
            }
            assertThat(unaware.metrics().sessionsOpened.get()).isZero();
        } finally {
            unaware.close();
            demoTenant.delete(machineA.id());
            if (machineB != null) {
                var idB = machineB.id();
                Actors.as(b, () -> machines.delete(idB, AuditSource.API));
            }
        }
    }

    @Test
    void endOfTheBrowserSessionRevokesItsTicketsAndClosesItsConsoles() throws Exception {
        var demo = demoTenant.user();
        var m = demoTenant.create("console-out", true);
        var request = new MockHttpServletRequest();
        var session = new MockHttpSession(null, "browser-session-" + UUID.randomUUID());
        request.setSession(session);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            var opened = Actors.as(demo, () -> consoles.issue(m.id(), AuditSource.UI));
            var unused = Actors.as(demo, () -> consoles.issue(m.id(), AuditSource.UI));
            var client = new ConsoleClient();
            var ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(opened.url()), client)
                    .get(10, TimeUnit.SECONDS);
            assertThat(client.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");

            // Sign-out or session timeout: the servlet container ends the session.
            events.publishEvent(new HttpSessionDestroyedEvent(session));
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo("signed out");
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .header("Origin", "http://localhost:8080")
                            .buildAsync(URI.create(unused.url()), new ConsoleClient())
                            .get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
            ws.abort();
        } finally {
            RequestContextHolder.resetRequestAttributes();
            demoTenant.delete(m.id());
        }
    }
}
