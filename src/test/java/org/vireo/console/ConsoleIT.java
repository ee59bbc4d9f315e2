package org.vireo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.beans.factory.annotation.Autowired;
import org.vireo.audit.AuditSource;
import org.vireo.base.NotFoundException;
import org.vireo.machines.MachineService;
import org.vireo.security.AccountService;
import org.vireo.security.Role;
import org.vireo.security.SystemActor;
import org.vireo.security.VireoPrincipal;
import org.vireo.support.Actors;
import org.vireo.support.DemoTenant;
import org.vireo.support.IntegrationTest;
import org.vireo.support.VncClient;
import org.vireo.tenants.TenantService;

/** Console tickets and the embedded proxy against a real guest's VNC server. */
@IntegrationTest
class ConsoleIT {
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

    @Test
    void consoleRelaysTheGuestsVncAndClosesWhenTheMachineStops() throws Exception {
        var demo = demoTenant.user();
        var m = demoTenant.create("console-it", true);
        try {
            // Another tenant gets "not found" for the same machine.
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            var other = SystemActor.call(() -> tenants.create("console-" + suffix, null, AuditSource.SYSTEM));
            SystemActor.run(() -> accounts.create("console-" + suffix, "console-password", Role.MEMBER, other.id(),
                    AuditSource.SYSTEM));
            var stranger = ((VireoPrincipal) accounts.loadUserByUsername("console-" + suffix)).currentUser();
            assertThatThrownBy(() -> Actors.as(stranger, () -> consoles.issue(m.id(), AuditSource.API)))
                    .isInstanceOf(NotFoundException.class);

            var ticket = Actors.as(demo, () -> consoles.issue(m.id(), AuditSource.API));
            assertThat(ticket.url()).startsWith("ws://localhost:").contains("/console?ticket=");
            var client = new VncClient();
            var ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(ticket.url()), client).get(10, TimeUnit.SECONDS);
            // QEMU's VNC server speaks first: the RFB version greeting comes through the proxy.
            assertThat(client.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");
            // The same ticket does not open a second session.
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080").buildAsync(URI.create(ticket.url()), new VncClient())
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);

            long t0 = System.nanoTime();
            Actors.as(demo, () -> machines.powerOff(m.id(), AuditSource.API));
            // Whichever comes first: the portal ending the session, or QEMU's VNC server going away with the guest.
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isIn("machine stopped", "the machine's console closed");
            System.out.printf("console closed %d ms after power-off%n",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis());
            ws.abort();
        } finally {
            demoTenant.delete(m.id());
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
            var client = new VncClient();
            var ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://localhost:8080")
                    .buildAsync(URI.create(opened.url()), client).get(10, TimeUnit.SECONDS);
            assertThat(client.first.get(10, TimeUnit.SECONDS)).startsWith("RFB 003.008");

            // Sign-out or session timeout: the servlet container ends the session.
            events.publishEvent(new HttpSessionDestroyedEvent(session));
            assertThat(client.closed.get(5, TimeUnit.SECONDS)).isEqualTo("signed out");
            assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Origin", "http://localhost:8080").buildAsync(URI.create(unused.url()), new VncClient())
                    .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
            ws.abort();
        } finally {
            RequestContextHolder.resetRequestAttributes();
            demoTenant.delete(m.id());
        }
    }
}
