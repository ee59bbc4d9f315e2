package org.vireo.machines;

import jakarta.annotation.PostConstruct;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
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
    private static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public enum AgentState { CONNECTED, DISCONNECTED, UNKNOWN }

    /** A machine's agent as last heard; {@code osName} and {@code hostname} only while connected. */
    public record Guest(AgentState agent, String osName, String hostname) {
        static final Guest UNKNOWN = new Guest(AgentState.UNKNOWN, null, null);
        static final Guest DISCONNECTED = new Guest(AgentState.DISCONNECTED, null, null);
    }

    public record PasswordReset(String user, String password) {
    }

    private final Map<String, Guest> byDomain = new ConcurrentHashMap<>();
    private final HostConnections hosts;
    private final MachineRepository repository;
    private final MachineService machines;
    private final TemplateService templates;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    GuestAgents(HostConnections hosts, MachineRepository repository, MachineService machines,
                TemplateService templates, AuditLog audit, ApplicationEventPublisher events) {
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

    /** On a Vireo thread: asking the agent for its OS and name is safe here (never on libvirt's event loop). */
    @Override
    public void onGuestAgent(String domainName, boolean connected) {
        repository.findByDomainName(domainName).ifPresent(m -> {
            Guest guest = connected ? ask(m.getHostId(), domainName) : Guest.DISCONNECTED;
            byDomain.put(domainName, guest);
            log.debug("guest agent of {}: {}", domainName, guest.agent());
            events.publishEvent(new MachineChanged(m.getId(), m.getTenantId(), m.getState(), false));
        });
    }

    /** A guest that stopped has no agent; one that started has none until its agent connects. */
    @Override
    public void onDomainEvent(DomainLifecycleEvent event) {
        if (event.state() == DomainState.SHUT_OFF || event.state() == DomainState.CRASHED) {
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
     * For one machine: its agent is asked again (its host name may have changed since it connected), unless it
     * went away.
     */
    public Guest of(Machine m) {
        Guest known = known(m);
        if (known.agent() == AgentState.DISCONNECTED || m.state() != MachineState.RUNNING) {
            return known;
        }
        Guest asked = ask(m.hostId(), m.domainName());
        byDomain.put(m.domainName(), asked);
        return asked;
    }

    private Guest ask(UUID hostId, String domainName) {
        try {
            return hosts.of(hostId).guestInfo(domainName)
                    .map(i -> new Guest(AgentState.CONNECTED, i.osName(), i.hostname())).orElse(Guest.DISCONNECTED);
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
            if (!UNIX_USER.matcher(name).matches()) {
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
            audit.record(caller.username(), m.tenantId(), "machine.password", m.name(), AuditOutcome.FAILED,
                    source, "user=" + user, e.getMessage());
            throw new ConflictException("machines.password-failed");
        }
        audit.record(caller.username(), m.tenantId(), "machine.password", m.name(), AuditOutcome.SUCCESS, source,
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
