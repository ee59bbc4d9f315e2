package org.vireo.console;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.consoleproxy.ConsoleProxy;
import org.vireo.consoleproxy.Grant;
import org.vireo.consoleproxy.HmacTickets;
import org.vireo.consoleproxy.ProxyConfig;
import org.vireo.consoleproxy.SessionListener;

/**
 * The console proxy running inside the portal (the default). Its ticket key is {@code VIREO_CONSOLE_SECRET}, or
 * random per start; every session is audited with its bytes.
 */
@Component
@EnableConfigurationProperties(ConsoleSettings.class)
class EmbeddedConsoleProxy implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedConsoleProxy.class);
    private final HmacTickets tickets;
    private final ProxyConfig config;
    private final boolean enabled;
    private final String publicUrl;
    private final AuditLog audit;
    /**
     * Session audit rows, in order, written off the proxy's event loop by a thread of their own (not the shared
     * executor, where long work would hold them up); what is queued at shutdown is written before the portal stops.
     */
    private volatile ExecutorService auditWriter;

    private volatile ConsoleProxy proxy;

    EmbeddedConsoleProxy(ConsoleSettings settings, AuditLog audit) {
        this.enabled = settings.embedded();
        this.publicUrl = settings.publicUrl();
        this.audit = audit;
        this.tickets = new HmacTickets(ConsoleService.key(settings.secret()));
        this.config = ProxyConfig.defaults(settings.bind(), settings.port(), Set.copyOf(settings.allowedOrigins()))
                .withSessionLimits(settings.maxPerUser(), settings.maxPerMachine());
    }

    HmacTickets tickets() {
        return tickets;
    }

    /**
     * Where browsers reach this proxy: {@code VIREO_CONSOLE_PUBLIC_URL}, else {@code ws://localhost:<port>/console}.
     */
    String browserUrl() {
        return publicUrl.isBlank() ? "ws://localhost:" + port() + ProxyConfig.PATH : publicUrl;
    }

    /** The port the proxy really listens on (configured port 0 picks a free one). */
    int port() {
        var p = proxy;
        return p == null ? config.port() : p.port();
    }

    /** Console sessions open right now (0 when the embedded proxy is off). */
    int openSessions() {
        var p = proxy;
        return p == null ? 0 : p.openSessions();
    }

    int closeSessions(UUID machineId, String reason) {
        return closeSessions(g -> g.machine().equals(machineId.toString()), reason);
    }

    int closeSessions(Predicate<Grant> which, String reason) {
        var p = proxy;
        return p == null ? 0 : p.closeSessions(which, reason);
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        var writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "console-audit"));
        auditWriter = writer;
        try {
            proxy = new ConsoleProxy(config, tickets, new SessionListener() {
                        @Override
                        public void opened(Grant g, String remote) {
                            // off the event loop: a slow or unavailable database must not hold up consoles
                            writer.execute(() -> audit.record(
                                    g.user(),
                                    tenant(g),
                                    "console.open",
                                    g.machine(),
                                    AuditOutcome.SUCCESS,
                                    AuditSource.UI,
                                    "from " + remote));
                        }

                        @Override
                        public void closed(
                                Grant g, String remote, Instant started, long toGuest, long toClient, String reason) {
                            writer.execute(() -> audit.record(
                                    g.user(),
                                    tenant(g),
                                    "console.close",
                                    g.machine(),
                                    AuditOutcome.SUCCESS,
                                    AuditSource.UI,
                                    "since " + started + ", bytes to guest " + toGuest + ", to browser " + toClient
                                            + ", " + reason));
                        }
                    })
                    .start();
            log.info(
                    "console proxy listening on {}:{} for origins {}",
                    config.bindHost(),
                    proxy.port(),
                    config.allowedOrigins());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static UUID tenant(Grant g) {
        try {
            return UUID.fromString(g.tenant());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close(); // audits the sessions it ends
            proxy = null;
        }
        var writer = auditWriter;
        if (writer != null) {
            writer.shutdown();
            try {
                if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.warn(
                            "console audit rows not written at shutdown: {}",
                            writer.shutdownNow().size());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            auditWriter = null;
        }
    }

    @Override
    public boolean isRunning() {
        return proxy != null;
    }
}
