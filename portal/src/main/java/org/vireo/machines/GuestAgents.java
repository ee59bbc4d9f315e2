package org.vireo.machines;

import jakarta.annotation.PostConstruct;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.Validation;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainLifecycleEvent;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.HypervisorListener;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.security.CurrentUser;
import org.vireo.templates.TemplateService;

/**
 * What each machine's qemu-guest-agent says: connected or not (pushed by libvirt's agent lifecycle events), the
 * OS and host name it reports; and what goes through it (a user's new password).
 */
@Service
public class GuestAgents implements HypervisorListener {
    private static final Logger log = LoggerFactory.getLogger(GuestAgents.class);

    public enum AgentState {
        CONNECTED,
        DISCONNECTED,
        UNKNOWN
    }

    /**
     * A machine's agent as last heard; {@code osName}, {@code hostname} and {@code addresses} (the guest's own, but
     * loopback) only while connected.
     */
    public record Guest(AgentState agent, String osName, String hostname, List<String> addresses) {
        static final Guest UNKNOWN = new Guest(AgentState.UNKNOWN, null, null, List.of());
        static final Guest DISCONNECTED = new Guest(AgentState.DISCONNECTED, null, null, List.of());
    }

    public record PasswordReset(String user, String password) {}

    private final Map<String, Guest> byDomain = new ConcurrentHashMap<>();
    /**
     * Asks agents for their OS, name and addresses off the hypervisor's event thread and off every request thread:
     * two threads of their own, one pending ask per domain (so the queue holds at most one per machine), and a
     * domain asked again at most every {@link #REFRESH_EVERY} unless its agent (re)connects. Pages and the API only
     * ever read what is kept: a guest whose agent answers slowly slows nobody.
     */
    private final ExecutorService asking = Executors.newFixedThreadPool(2, r -> {
        var t = new Thread(r, "vireo-guest-agents");
        t.setDaemon(true);
        return t;
    });

    static final Duration REFRESH_EVERY = Duration.ofSeconds(30);
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> askedAt = new ConcurrentHashMap<>();
    private final HostConnections hosts;
    private final MachineRepository repository;
    private final MachineService machines;
    private final TemplateService templates;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    GuestAgents(
            HostConnections hosts,
            MachineRepository repository,
            MachineService machines,
            TemplateService templates,
            AuditLog audit,
            ApplicationEventPublisher events) {
        this.hosts = hosts;
        this.repository = repository;
        this.machines = machines;
        this.templates = templates;
        this.audit = audit;
        this.events = events;
    }

    @PostConstruct
    void register() {
        hosts.addListener(this);
    }

    /**
     * Only events say an agent went away. What a connected one reports is asked on a thread of its own, so a
     * guest whose agent comes and goes cannot hold up the host's other events.
     */
    @Override
    public void onGuestAgent(String domainName, boolean connected) {
        repository.findByDomainName(domainName).ifPresent(m -> {
            byDomain.put(
                    domainName,
                    connected ? new Guest(AgentState.CONNECTED, null, null, List.of()) : Guest.DISCONNECTED);
            log.debug("guest agent of {}: {}", domainName, connected ? "connected" : "disconnected");
            events.publishEvent(new MachineChanged(m.getId(), m.getTenantId(), m.getState(), false));
            if (connected) {
                askedAt.remove(domainName);
                askLater(m.getId(), m.getTenantId(), m.getHostId(), domainName);
            }
        });
    }

    /** Asks the domain's agent in the background unless it was asked within {@link #REFRESH_EVERY} or is pending. */
    private void askLater(UUID machineId, UUID tenantId, UUID hostId, String domainName) {
        long now = System.nanoTime();
        Long last = askedAt.get(domainName);
        if (last != null && now - last < REFRESH_EVERY.toNanos() || !pending.add(domainName)) {
            return;
        }
        askedAt.put(domainName, now);
        asking.execute(() -> {
            try {
                Guest asked = ask(hostId, domainName);
                if (asked.agent() != AgentState.CONNECTED) {
                    byDomain.putIfAbsent(domainName, asked);
                    return;
                }
                // kept only if no event said meanwhile that the agent went away
                if (byDomain.compute(
                                domainName,
                                (d, known) -> known == null || known.agent() != AgentState.DISCONNECTED ? asked : known)
                        == asked) {
                    repository
                            .findById(machineId)
                            .ifPresent(m ->
                                    events.publishEvent(new MachineChanged(machineId, tenantId, m.getState(), false)));
                }
            } finally {
                pending.remove(domainName);
            }
        });
    }

    /** After a reconnect, events may have been missed: nothing heard before counts. */
    @Override
    public void onConnected() {
        byDomain.clear();
        askedAt.clear();
    }

    /** A guest that stopped has no agent; an undefined domain is forgotten. */
    @Override
    public void onDomainEvent(DomainLifecycleEvent event) {
        if (event.state() == null) {
            byDomain.remove(event.domainName());
            askedAt.remove(event.domainName());
        } else if (event.state() == DomainState.SHUT_OFF || event.state() == DomainState.CRASHED) {
            byDomain.put(event.domainName(), Guest.DISCONNECTED);
        }
    }

    /** What is known without asking the guest (for lists). */
    public Guest known(Machine m) {
        if (m.state() != MachineState.RUNNING) {
            return m.state() == MachineState.STOPPED ? Guest.DISCONNECTED : Guest.UNKNOWN;
        }
        return byDomain.getOrDefault(m.domainName(), Guest.UNKNOWN);
    }

    /**
     * What is known of one running machine's agent, never asked on the caller's thread: its agent is asked again
     * in the background (its host name may have changed since it connected) at most every
     * {@link #REFRESH_EVERY}, and open pages hear of a change. That an agent went away is the events' to say.
     */
    public Guest of(Machine m) {
        if (m.state() != MachineState.RUNNING) {
            return known(m);
        }
        askLater(m.id(), m.tenantId(), m.hostId(), m.domainName());
        return byDomain.getOrDefault(m.domainName(), Guest.UNKNOWN);
    }

    private Guest ask(UUID hostId, String domainName) {
        try {
            return hosts.of(hostId)
                    .guestInfo(domainName)
                    .map(i -> new Guest(AgentState.CONNECTED, i.osName(), i.hostname(), i.addresses()))
                    .orElse(Guest.DISCONNECTED);
        } catch (HypervisorException e) {
            return Guest.UNKNOWN;
        }
    }

    /**
     * Sets a new, generated password for a user of the caller's running machine through its agent (default: the
     * template's user); returned once, never stored or logged. 409 while no agent is connected.
     */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public PasswordReset resetPassword(UUID machineId, String user, AuditSource source) {
        var caller = CurrentUser.require();
        Machine m = machines.get(machineId);
        try {
            machines.requireActive(m.tenantId());
            String name = user == null || user.isBlank() ? defaultUser(m) : user.strip();
            if (!Validation.UNIX_USER.matcher(name).matches()) {
                throw new InvalidInputException("user", "templates.user-invalid");
            }
            if (m.state() != MachineState.RUNNING || of(m).agent() != AgentState.CONNECTED) {
                throw new ConflictException("machines.agent-not-connected");
            }
            user = name;
        } catch (InvalidInputException | ConflictException e) {
            audit.refused(caller.username(), m.tenantId(), "machine.password", m.name(), source, null, e);
            throw e;
        }
        String password = CloudInit.generatePassword();
        try {
            hosts.of(m.hostId()).setUserPassword(m.domainName(), user, password);
        } catch (HypervisorException e) {
            // Most often a user the guest does not have; the guest's own words are for operators only.
            audit.record(
                    caller.username(),
                    m.tenantId(),
                    "machine.password",
                    m.name(),
                    AuditOutcome.FAILED,
                    source,
                    "user=" + user,
                    e.getMessage());
            throw new ConflictException("machines.password-failed");
        }
        audit.record(
                caller.username(),
                m.tenantId(),
                "machine.password",
                m.name(),
                AuditOutcome.SUCCESS,
                source,
                "user=" + user);
        return new PasswordReset(user, password);
    }

    private String defaultUser(Machine m) {
        String user = templates.get(m.templateId()).defaultUser();
        if (user == null) {
            throw new InvalidInputException("user", "machines.password-user-required");
        }
        return user;
    }
}
