package org.vireo.console;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.consoleproxy.ConsoleTarget;
import org.vireo.consoleproxy.Grant;
import org.vireo.consoleproxy.HmacTickets;
import org.vireo.hypervisor.VncEndpoint;
import org.vireo.machines.MachineAction;
import org.vireo.machines.MachineChanged;
import org.vireo.machines.MachineService;
import org.vireo.machines.MachineState;
import org.vireo.security.CurrentUser;

/**
 * Issues console tickets: only for a running machine the caller may use (the machine lookup is tenant-scoped),
 * valid for 30 s, single-use, bound to user, machine and the VNC endpoint the server resolved. Closes live
 * sessions when a machine stops or is deleted.
 */
@Service
public class ConsoleService {
    private static final Logger log = LoggerFactory.getLogger(ConsoleService.class);
    static final Duration TICKET_TTL = Duration.ofSeconds(30);
    private final MachineService machines;
    private final AuditLog audit;
    private final HmacTickets tickets;
    private final EmbeddedConsoleProxy proxy;
    /** Tickets issued per browser session (the REST API's are not bound to one), dropped when it ends. */
    private final Map<String, Set<Grant>> bySession = new ConcurrentHashMap<>();
    /** Tickets issued and maybe not used yet (at most 30 s old), voided when their machine stops. */
    private final Set<Grant> unused = ConcurrentHashMap.newKeySet();

    ConsoleService(MachineService machines, AuditLog audit, EmbeddedConsoleProxy proxy, MeterRegistry meters) {
        this.machines = machines;
        this.audit = audit;
        this.proxy = proxy;
        this.tickets = proxy.tickets();
        // this context's registry, not the global one: a global gauge stays bound to the first proxy registered
        Gauge.builder("vireo.console.sessions", proxy, EmbeddedConsoleProxy::openSessions)
                .description("console sessions open in the embedded proxy")
                .register(meters);
    }

    /** A ticket for the machine's screen (VNC). */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public ConsoleTicket issue(UUID machineId, AuditSource source) {
        return issue(machineId, ConsoleType.VNC, source);
    }

    /**
     * A ticket for the machine's screen (VNC) or its first serial port (the bytes both ways); either names the
     * unix socket of this machine on its host.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'TENANT_ADMIN', 'MEMBER')")
    public ConsoleTicket issue(UUID machineId, ConsoleType type, AuditSource source) {
        var caller = CurrentUser.require();
        var machine = machines.get(machineId); // tenant-scoped: another tenant's machine is "not found"
        machines.requireActive(machine.tenantId());
        if (!MachineAction.CONSOLE.allowedIn(machine.state())) {
            throw new ConflictException("console.not-running");
        }
        String socket = (type == ConsoleType.SERIAL
                        ? machines.serialSocket(machine)
                        : machines.vncEndpoint(machine).map(VncEndpoint::socket))
                .orElseThrow(() -> new ConflictException("console.not-running"));
        String ticket = tickets.issue(
                caller.username(),
                machine.tenantId().toString(),
                machine.id().toString(),
                new ConsoleTarget.UnixSocket(socket),
                TICKET_TTL);
        var grant = tickets.inspect(ticket).orElseThrow();
        unused.add(grant);
        String session = currentHttpSession();
        if (session != null) {
            bySession
                    .computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet())
                    .add(grant);
        }
        long now = Instant.now().getEpochSecond();
        unused.removeIf(g -> g.expiresAtEpochSecond() < now);
        audit.record(
                caller.username(),
                machine.tenantId(),
                "console.ticket",
                machine.name(),
                AuditOutcome.SUCCESS,
                source,
                type == ConsoleType.SERIAL ? "serial" : null);
        // A host with a proxy of its own: the ticket (signed with the shared key) is redeemed there.
        String base = machines.consoleUrl(machine).orElseGet(proxy::browserUrl);
        return new ConsoleTicket(
                base + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.US_ASCII),
                Instant.now().plus(TICKET_TTL));
    }

    /**
     * A signed-out (or expired) browser session takes its consoles with it: tickets issued in it and not used yet
     * open nothing, and consoles opened with them are closed. (A standalone proxy only lets such tickets expire.)
     */
    @EventListener
    void on(HttpSessionDestroyedEvent ended) {
        var grants = bySession.remove(ended.getId());
        if (grants == null) {
            return;
        }
        var ids = new HashSet<String>();
        for (var g : grants) {
            tickets.revoke(g.ticketId(), g.expiresAtEpochSecond());
            ids.add(g.ticketId());
        }
        int closed = proxy.closeSessions(g -> ids.contains(g.ticketId()), "signed out");
        String user = grants.iterator().next().user();
        audit.record(
                user,
                null,
                "console.revoke",
                user,
                AuditOutcome.SUCCESS,
                AuditSource.SYSTEM,
                grants.size() + " ticket(s) revoked, " + closed + " console(s) closed at the end of the session");
    }

    private static String currentHttpSession() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            var session = a.getRequest().getSession(false);
            return session == null ? null : session.getId();
        }
        return null;
    }

    /** Operators end a machine's console sessions. */
    @PreAuthorize("hasRole('ADMIN')")
    public int endSessions(UUID machineId, AuditSource source) {
        int n = proxy.closeSessions(machineId, "ended by an operator");
        audit.record(
                CurrentUser.require().username(),
                null,
                "console.end",
                machineId.toString(),
                AuditOutcome.SUCCESS,
                source,
                n + " session(s)");
        return n;
    }

    /**
     * A machine that stops or goes away takes its consoles with it: open sessions are closed with the reason, and
     * tickets issued for it and not used yet open nothing (a standalone proxy cannot hear this, but its tickets name
     * the socket of the machine's run that ended, which then no longer exists).
     */
    @EventListener
    void on(MachineChanged change) {
        if (change.deleted()
                || change.state() == MachineState.STOPPED
                || change.state() == MachineState.STOPPING
                || change.state() == MachineState.DELETING
                || change.state() == MachineState.ERROR) {
            String machine = change.machineId().toString();
            long now = Instant.now().getEpochSecond();
            unused.removeIf(g -> {
                if (g.expiresAtEpochSecond() < now) {
                    return true;
                }
                if (g.machine().equals(machine)) {
                    tickets.revoke(g.ticketId(), g.expiresAtEpochSecond());
                    return true;
                }
                return false;
            });
            int n = proxy.closeSessions(change.machineId(), change.deleted() ? "machine deleted" : "machine stopped");
            if (n > 0) {
                log.info("closed {} console session(s) of machine {}", n, change.machineId());
            }
        }
    }

    static byte[] key(String configured) {
        return configured == null || configured.isBlank()
                ? HmacTickets.randomKey()
                : Base64.getDecoder().decode(configured);
    }
}
