package org.vireo.hypervisor.libvirt;

import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.event.AgentLifecycleListener;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.libvirt.event.SuspendedDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.hypervisor.DomainLifecycleEvent;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.HypervisorListener;

/**
 * One host's libvirt connection: opened on first use, kept alive, re-opened by a watchdog every 2 s when libvirtd
 * goes away; every call goes through {@link #call}, which counts libvirt's errors by code. Lifecycle and guest-agent
 * events arrive on libvirt's event loop thread and are handed to the listeners on a Vireo thread of their own.
 *
 * <p>Connecting runs on a thread of its own, one attempt at a time, and callers wait for it a bounded time: libssh2's
 * handshake has no timeout, and an sshd that accepts but never greets held a caller (and, behind this object's lock,
 * every other caller of the host) until the host went away (the CI run of 2026-12-07: 2.5 min).
 */
final class LibvirtSession {
    private static final Logger log = LoggerFactory.getLogger(LibvirtSession.class);
    /** libvirt's VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED and DISCONNECTED. */
    private static final int AGENT_CONNECTED = 1;

    private static final int AGENT_DISCONNECTED = 2;

    private final String uri;
    private final List<HypervisorListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> daemon(r, "vireo-hypervisor-events"));
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vireo-hypervisor-watchdog"));
    /** The same two listener objects for every connection: what is added can be removed again. */
    private final LifecycleListener lifecycle = this::onLifecycle;

    private final AgentLifecycleListener agent = this::onAgentLifecycle;
    private final ExecutorService connector = Executors.newCachedThreadPool(r -> daemon(r, "vireo-hypervisor-connect"));
    private final Duration connectWait;
    private Connect connection;
    /** The attempt under way, if any, its number and when it began (guarded by this). */
    private Future<Connect> connecting;

    private long attempt;
    private long attemptBegan;

    private boolean destroyed;
    private long lastConnectFailureLog;

    LibvirtSession(String uri) {
        this(uri, Duration.ofSeconds(30));
    }

    /** {@code connectWait}: how long a caller waits for a connection being opened before it is told "no answer". */
    LibvirtSession(String uri, Duration connectWait) {
        this.uri = uri;
        this.connectWait = connectWait;
        EventLoop.ensureRunning();
        watchdog.scheduleWithFixedDelay(this::checkConnection, 2, 2, TimeUnit.SECONDS);
    }

    Connect connection() {
        Future<Connect> pending;
        synchronized (this) {
            try {
                if (connection != null && connection.isAlive()) {
                    return connection;
                }
            } catch (LibvirtException e) {
                log.info("libvirt connection lost: {}", e.getMessage());
            }
            closeQuietly();
            // an attempt hung for five waits is left to its thread: with no TCP keepalive, a handshake whose host
            // vanished can wait for ever, and the next one may find the host back
            if (connecting == null || System.nanoTime() - attemptBegan > 5 * connectWait.toNanos()) {
                long n = ++attempt;
                attemptBegan = System.nanoTime();
                connecting = connector.submit(() -> open(n));
            }
            pending = connecting;
        }
        try {
            return pending.get(connectWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Metrics.counter("vireo.libvirt.errors", "code", "connect").increment();
            throw new HypervisorException(
                    "cannot connect to " + uri + ": no answer within " + connectWait.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HypervisorException h) {
                throw h;
            }
            throw new HypervisorException("cannot connect to " + uri + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException("cannot connect to " + uri + ": interrupted", e);
        }
    }

    /** Attempt {@code n}, on a connector thread; a caller may have stopped waiting for it long ago. */
    private Connect open(long n) {
        Connect c = null;
        try {
            c = new Connect(uri, false);
            c.setKeepAlive(5, 3);
            c.addLifecycleListener(lifecycle);
            c.addAgentLifecycleListener(agent);
            synchronized (this) {
                if (n != attempt || destroyed) {
                    throw new HypervisorException("a connection to " + uri + " opened after it was given up", null);
                }
                connecting = null;
                connection = c;
            }
            log.info("connected to {}", uri);
            events.execute(() -> listeners.forEach(safely(HypervisorListener::onConnected)));
            return c;
        } catch (LibvirtException e) {
            synchronized (this) {
                if (n == attempt) {
                    connecting = null;
                }
                if (c != null) {
                    closeQuietly(c); // opened, but its listeners were refused
                }
            }
            Metrics.counter("vireo.libvirt.errors", "code", "connect").increment();
            throw new HypervisorException("cannot connect to " + uri + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            synchronized (this) {
                if (n == attempt) {
                    connecting = null;
                }
                if (c != null && connection != c) {
                    closeQuietly(c);
                }
            }
            throw e;
        }
    }

    private void checkConnection() {
        try {
            connection();
        } catch (HypervisorException e) {
            long now = System.currentTimeMillis();
            if (now - lastConnectFailureLog > 30_000) {
                log.warn("{} (retrying every 2 s)", e.getMessage());
                lastConnectFailureLog = now;
            }
        } catch (RuntimeException e) {
            log.warn("hypervisor watchdog: {}", e.toString());
        }
    }

    private int onLifecycle(Domain domain, DomainEvent event) {
        try {
            String name = domain.getName();
            if (!name.startsWith("vireo-")) {
                return 0;
            }
            DomainState state = switch (event.getType()) {
                case STARTED, RESUMED -> DomainState.RUNNING;
                case STOPPED -> DomainState.SHUT_OFF;
                case SHUTDOWN -> DomainState.SHUTTING_DOWN;
                case SUSPENDED ->
                    event.getDetail() == SuspendedDetail.IOERROR ? DomainState.PAUSED_ON_IO_ERROR : DomainState.PAUSED;
                case PMSUSPENDED -> DomainState.SUSPENDED;
                case CRASHED -> DomainState.CRASHED;
                case UNDEFINED -> null;
                default -> DomainState.UNKNOWN;
            };
            if (state == DomainState.UNKNOWN) {
                return 0; // DEFINED and the like: no state change
            }
            var e = new DomainLifecycleEvent(name, state, event.toString());
            events.execute(() -> listeners.forEach(safely(l -> l.onDomainEvent(e))));
        } catch (LibvirtException | RuntimeException e) {
            log.warn("lifecycle event not handled: {}", e.toString());
        }
        return 0;
    }

    /** {@code state}: libvirt's VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED (1) or DISCONNECTED (2). */
    private void onAgentLifecycle(Domain domain, int state, int reason) {
        try {
            String name = domain.getName();
            if (name.startsWith("vireo-") && (state == AGENT_CONNECTED || state == AGENT_DISCONNECTED)) {
                events.execute(() -> listeners.forEach(safely(l -> l.onGuestAgent(name, state == AGENT_CONNECTED))));
            }
        } catch (LibvirtException | RuntimeException e) {
            log.warn("agent event not handled: {}", e.toString());
        }
    }

    private static Consumer<HypervisorListener> safely(Consumer<HypervisorListener> call) {
        return l -> {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("hypervisor listener failed: {}", e.toString(), e);
            }
        };
    }

    void addListener(HypervisorListener listener) {
        listeners.add(listener);
    }

    @FunctionalInterface
    interface Call<T> {
        T apply(Connect c) throws LibvirtException;
    }

    <T> T call(Call<T> work) {
        try {
            return work.apply(connection());
        } catch (LibvirtException e) {
            Metrics.counter(
                            "vireo.libvirt.errors",
                            "code",
                            e.getError() == null
                                    ? "unknown"
                                    : String.valueOf(e.getError().getCode()))
                    .increment();
            throw new HypervisorException(e.getMessage(), e);
        }
    }

    /** The domain, or null when the host has none of that name. */
    static Domain lookup(Connect c, String name) throws LibvirtException {
        try {
            return c.domainLookupByName(name);
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return null;
            }
            throw e;
        }
    }

    /** Whether libvirt raised {@code e} with this code. */
    static boolean is(LibvirtException e, ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    /** The domain's persistent definition. */
    static String definedXml(Domain d) throws LibvirtException {
        return d.getXMLDesc(LibvirtFlags.DomainDesc.INACTIVE.bits());
    }

    /** The domain's XML as it runs now (its definition when it does not run). */
    static String liveXml(Domain d) throws LibvirtException {
        return d.getXMLDesc(LibvirtFlags.DomainDesc.LIVE.bits());
    }

    /**
     * Removes the listeners first, then closes. A Connect that domains still reference stays open in libvirt after
     * close(), and its events kept coming to a Connect without a pointer; once that was collected, to a freed
     * callback, which killed the JVM (issue 34). A dead connection delivers nothing more either way.
     */
    private void closeQuietly() {
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }

    private void closeQuietly(Connect c) {
        boolean removed = removeQuietly(() -> c.removeLifecycleListener(lifecycle));
        // on its own: on a dead connection the first removal fails (its remote half), and the agent's callback
        // would stay registered with libvirt
        removed &= removeQuietly(() -> c.removeAgentLifecycleListener(agent));
        try {
            c.close();
        } catch (LibvirtException ignored) {
            // the connection is gone anyway
        }
        if (!removed) {
            // libvirt may still hold a callback whose JNA stub only this Connect keeps from the collector
            UNRELEASED.add(c);
        }
    }

    /** Connections closed while libvirt may still hold their event callbacks: kept reachable for the JVM's life. */
    private static final List<Connect> UNRELEASED = new CopyOnWriteArrayList<>();

    @FunctionalInterface
    private interface Removal {
        void run() throws LibvirtException;
    }

    private boolean removeQuietly(Removal removal) {
        try {
            removal.run();
            return true;
        } catch (LibvirtException | RuntimeException e) {
            log.debug("a listener of {} not removed: {}", uri, e.getMessage());
            return false;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void destroy() {
        watchdog.shutdownNow();
        events.shutdownNow();
        connector.shutdownNow();
        synchronized (this) {
            destroyed = true;
            closeQuietly();
        }
    }

    /** libvirt's default event loop, started once per JVM before the first connection. */
    static final class EventLoop {
        private static boolean running;

        static synchronized void ensureRunning() {
            if (running) {
                return;
            }
            LibvirtErrors.install();
            try {
                Library.initEventLoop();
            } catch (LibvirtException e) {
                throw new HypervisorException("cannot start libvirt's event loop: " + e.getMessage(), e);
            }
            // without it no keepalive is answered and no event arrives: a failed iteration is logged and it goes on
            var t = new Thread(
                    () -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            try {
                                Library.runEventLoop();
                            } catch (LibvirtException e) {
                                log.error("libvirt event loop failed, going on: {}", e.getMessage());
                                try {
                                    Thread.sleep(100);
                                } catch (InterruptedException stop) {
                                    Thread.currentThread().interrupt();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    },
                    "libvirt-event-loop");
            t.setDaemon(true);
            t.start();
            running = true;
        }
    }
}
