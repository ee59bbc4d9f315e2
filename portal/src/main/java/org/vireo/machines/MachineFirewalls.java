package org.vireo.machines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.Cidr;
import org.vireo.base.InvalidInputException;
import org.vireo.base.OperationFailedException;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.FirewallSpec;
import org.vireo.machines.internal.FirewallEntity;
import org.vireo.machines.internal.FirewallRepository;
import org.vireo.security.CurrentUser;

/**
 * A machine's inbound firewall on its public addresses: replies and everything the guest starts pass, new inbound
 * connections only where a rule opens them. Kept in the database and applied as the machine's libvirt nwfilter,
 * which libvirt changes live on a running machine. Rules are checked before anything changes; a bad one is a 400
 * naming {@code rules[i].field}.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class MachineFirewalls {
    static final int MAX_RULES = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PORTS = Pattern.compile("^(\\d{1,5})(?:-(\\d{1,5}))?$");

    private final MachineService machines;
    private final FirewallRepository firewalls;
    private final HostConnections hosts;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final FirewallDefaults defaults;

    MachineFirewalls(
            MachineService machines,
            FirewallRepository firewalls,
            HostConnections hosts,
            AuditLog audit,
            PlatformTransactionManager txManager,
            FirewallDefaults defaults) {
        this.defaults = defaults;
        this.machines = machines;
        this.firewalls = firewalls;
        this.hosts = hosts;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
    }

    /**
     * The machine's rules (another tenant's machine is "not found"); until it has rules of its own, the operator's
     * defaults ({@code VIREO_FIREWALL_DEFAULT}), which become its own when its filter is first made.
     */
    public List<FirewallRule> rules(UUID machineId) {
        machines.get(machineId);
        return stored(firewalls, machineId).orElse(defaults.rules());
    }

    /** Replaces the rules and applies them on the machine's host at once. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public List<FirewallRule> replace(UUID machineId, List<FirewallRule> rules, AuditSource source) {
        var machine = machines.get(machineId);
        var caller = CurrentUser.require();
        List<FirewallSpec.Rule> checked;
        try {
            checked = check(rules);
        } catch (InvalidInputException e) {
            audit.refused(caller.username(), machine.tenantId(), "machine.firewall", machine.name(), source, null, e);
            throw e;
        }
        String json;
        try {
            json = JSON.writeValueAsString(rules == null ? List.of() : rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            hosts.of(machine.hostId()).defineFirewall(new FirewallSpec(filterName(machineId), checked));
        } catch (RuntimeException e) {
            audit.refused(caller.username(), machine.tenantId(), "machine.firewall", machine.name(), source, null, e);
            throw new OperationFailedException("machines.operation-failed", e.getMessage(), e);
        }
        tx.executeWithoutResult(s -> firewalls
                .findById(machineId)
                .ifPresentOrElse(f -> f.set(json), () -> firewalls.save(new FirewallEntity(machineId, json))));
        audit.record(
                caller.username(),
                machine.tenantId(),
                "machine.firewall",
                machine.name(),
                AuditOutcome.SUCCESS,
                source,
                checked.size() + " rules: " + json);
        return stored(firewalls, machineId).orElseThrow();
    }

    /**
     * The filter as stored, for a machine being built on its host; a machine without rules of its own gets the
     * operator's defaults as its own now (a later change of the defaults leaves it alone).
     */
    static FirewallSpec spec(FirewallRepository firewalls, FirewallDefaults defaults, UUID machineId) {
        var rules = stored(firewalls, machineId);
        if (rules.isEmpty()) {
            try {
                firewalls.saveAndFlush(new FirewallEntity(machineId, JSON.writeValueAsString(defaults.rules())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            } catch (DataIntegrityViolationException raced) {
                // made just now by another operation on the machine: its rules count
            }
            rules = stored(firewalls, machineId);
        }
        return new FirewallSpec(filterName(machineId), check(rules.orElse(defaults.rules())));
    }

    static String filterName(UUID machineId) {
        return "vireo-fw-" + machineId;
    }

    private static Optional<List<FirewallRule>> stored(FirewallRepository firewalls, UUID machineId) {
        return firewalls.findById(machineId).map(f -> {
            try {
                return JSON.readValue(f.getRules(), new TypeReference<List<FirewallRule>>() {});
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static List<FirewallSpec.Rule> check(List<FirewallRule> rules) {
        if (rules == null) {
            throw new InvalidInputException("rules", "validation.required");
        }
        if (rules.size() > MAX_RULES) {
            throw new InvalidInputException("rules", "firewall.too-many", MAX_RULES);
        }
        var result = new ArrayList<FirewallSpec.Rule>();
        for (int i = 0; i < rules.size(); i++) {
            var r = rules.get(i);
            String at = "rules[" + i + "].";
            if (r == null
                    || r.protocol() == null
                    || !List.of("tcp", "udp", "icmp").contains(r.protocol())) {
                throw new InvalidInputException(at + "protocol", "firewall.protocol-invalid");
            }
            int from = 0;
            int to = 0;
            if (r.protocol().equals("icmp")) {
                if (r.ports() != null && !r.ports().isBlank()) {
                    throw new InvalidInputException(at + "ports", "firewall.ports-icmp");
                }
            } else {
                var m = r.ports() == null ? null : PORTS.matcher(r.ports().strip());
                if (m == null || !m.matches()) {
                    throw new InvalidInputException(at + "ports", "firewall.ports-invalid");
                }
                from = Integer.parseInt(m.group(1));
                to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
                if (from < 1 || to > 65535 || from > to) {
                    throw new InvalidInputException(at + "ports", "firewall.ports-invalid");
                }
            }
            Cidr source;
            try {
                source = Cidr.parse(r.source() == null || r.source().isBlank() ? "0.0.0.0/0" : r.source());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(at + "source", "firewall.source-invalid");
            }
            result.add(new FirewallSpec.Rule(r.protocol(), from, to, source));
        }
        return result;
    }
}
