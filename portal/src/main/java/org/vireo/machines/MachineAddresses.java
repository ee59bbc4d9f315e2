package org.vireo.machines;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.machines.internal.FirewallRepository;
import org.vireo.networks.PublicIp;
import org.vireo.networks.PublicIps;
import org.vireo.networks.ReverseDns;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.security.CurrentUser;

/**
 * Public addresses added to an existing machine or taken off it. The address is taken under the tenant's quota
 * lock like one given at create; its interface is plugged into the definition (and, while the machine runs, into
 * the guest), the seed's network configuration is rewritten so cloud-init applies it on the next boot, and on a
 * running machine the guest agent configures it at once. {@link Applied} says which of these took effect.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class MachineAddresses {
    private static final Logger log = LoggerFactory.getLogger(MachineAddresses.class);
    /** A host name of letters, digits and hyphens in dot-separated labels; a trailing dot is allowed. */
    private static final Pattern HOSTNAME = Pattern.compile(
            "^(?=.{1,253}\\.?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+\\.?$");

    private final MachineService machines;
    private final PublicIps publicIps;
    private final TenantNetworks networks;
    private final FirewallRepository firewalls;
    private final FirewallDefaults firewallDefaults;
    private final QuotaService quotas;
    private final GuestNetwork guest;
    private final AuditLog audit;
    private final OperationRunner runner;
    private final ReverseDns reverseDns;

    MachineAddresses(
            MachineService machines,
            PublicIps publicIps,
            TenantNetworks networks,
            FirewallRepository firewalls,
            QuotaService quotas,
            GuestNetwork guest,
            AuditLog audit,
            FirewallDefaults firewallDefaults,
            ReverseDns reverseDns,
            OperationRunner runner) {
        this.reverseDns = reverseDns;
        this.runner = runner;
        this.firewallDefaults = firewallDefaults;
        this.machines = machines;
        this.publicIps = publicIps;
        this.networks = networks;
        this.firewalls = firewalls;
        this.quotas = quotas;
        this.guest = guest;
        this.audit = audit;
    }

    /**
     * How an added address reached the guest: {@code LIVE} configured by the guest agent now, {@code NEXT_BOOT}
     * by cloud-init when the machine next starts, {@code MANUAL} neither (no cloud-init seed): the tenant
     * configures it in the guest.
     */
    public enum Applied {
        LIVE,
        NEXT_BOOT,
        MANUAL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public record Added(PublicIp ip, Applied applied) {}

    /** The machine's public addresses (another tenant's machine is "not found"). */
    public List<PublicIp> list(UUID machineId) {
        machines.get(machineId);
        return publicIps.of(machineId);
    }

    /** One more public address from a pool of the machine's host; 409 over the {@code ipv4} quota or pool empty. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public Added add(UUID machineId, AuditSource source) {
        var current = machines.get(machineId);
        machines.requireActive(current.tenantId());
        PublicIp[] allocated = {null};
        return runner.on(current, MachineAction.ADDRESS, "machine.ip-add", source)
                .claim(e -> {
                    if (e.toMachine().mac() == null) {
                        throw new ConflictException("machines.ip-legacy");
                    }
                })
                .work((before, hypervisor) -> {
                    var ip = runner.inTransaction(() -> {
                        quotas.checkAndLock(
                                before.tenantId(), Resources.ipv4(1), () -> quotas.usage(before.tenantId()));
                        return publicIps.allocate(before.tenantId(), machineId, before.hostId());
                    });
                    allocated[0] = ip;
                    var firewall = MachineFirewalls.spec(firewalls, firewallDefaults, machineId);
                    hypervisor.defineFirewall(firewall);
                    var publics = publicIps.of(machineId);
                    hypervisor.attachInterface(
                            before.domainName(), PrivateNics.publicNic(ip, firewall.name(), publics));
                    // the others may send from the new address too: the guest's replies leave by its default route
                    allowAddresses(hypervisor, before, publics, ip.address());
                    boolean seeded = rewriteSeed(hypervisor, before, publics);
                    boolean live = before.state() == MachineState.RUNNING
                            && guest.configure(hypervisor, before.domainName(), ip, publics.indexOf(ip));
                    return new Added(ip, live ? Applied.LIVE : seeded ? Applied.NEXT_BOOT : Applied.MANUAL);
                })
                .compensateOnHost((before, hypervisor) -> {
                    if (allocated[0] != null) {
                        undoAdd(hypervisor, before, allocated[0]);
                    }
                })
                .audit(added -> added.ip().address() + " " + added.applied().wire())
                .run();
    }

    /** Takes one of the machine's public addresses off it and back to its pool; 404 when it has no such address. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public void remove(UUID machineId, String address, AuditSource source) {
        var current = machines.get(machineId);
        var ip = own(machineId, address);
        runner.on(current, MachineAction.ADDRESS, "machine.ip-remove", source)
                .work((before, hypervisor) -> {
                    var remaining = publicIps.of(machineId).stream()
                            .filter(p -> !p.address().equals(address))
                            .toList();
                    if (before.state() == MachineState.RUNNING) {
                        guest.unconfigure(hypervisor, before, ip, remaining);
                    }
                    hypervisor.detachInterface(before.domainName(), ip.mac());
                    allowAddresses(hypervisor, before, remaining, null);
                    rewriteSeed(hypervisor, before, remaining);
                    runner.inTransaction(() -> publicIps.release(machineId, address));
                    if (remaining.isEmpty()) {
                        hypervisor.deleteFirewall(MachineFirewalls.filterName(machineId));
                    }
                    return null;
                })
                .audit(r -> address)
                .run();
    }

    /** Stores the reverse DNS name of one of the machine's addresses (blank clears it); a bad name is a 400. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    public PublicIp setPtr(UUID machineId, String address, String ptr, AuditSource source) {
        String caller = CurrentUser.require().username();
        var machine = machines.get(machineId);
        own(machineId, address);
        String name = ptr == null || ptr.isBlank() ? null : ptr.strip().toLowerCase(Locale.ROOT);
        if (name != null && !HOSTNAME.matcher(name).matches()) {
            var e = new InvalidInputException("ptr", "machines.ptr-invalid");
            audit.refused(caller, machine.tenantId(), "machine.ip-ptr", machine.name(), source, null, e);
            throw e;
        }
        try {
            reverseDns.publish(address, name); // first: when PowerDNS does not take it, nothing changes
        } catch (ReverseDns.Unavailable e) {
            audit.refused(caller, machine.tenantId(), "machine.ip-ptr", machine.name(), source, address, e);
            throw e;
        }
        var saved = publicIps.setPtr(machineId, address, name).orElseThrow(() -> new NotFoundException("address"));
        audit.record(
                caller,
                machine.tenantId(),
                "machine.ip-ptr",
                machine.name(),
                AuditOutcome.SUCCESS,
                source,
                address + " " + (name == null ? "cleared" : name));
        return saved;
    }

    private PublicIp own(UUID machineId, String address) {
        return publicIps.of(machineId).stream()
                .filter(p -> p.address().equals(address))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("address"));
    }

    /**
     * A new seed with the machine's current interfaces in its network configuration, its meta-data (the same
     * instance) and user-data kept, and the user-data told to apply network changes on boot; false when the
     * machine has no seed (its template has no cloud-init).
     */
    private boolean rewriteSeed(Hypervisor hypervisor, Machine machine, List<PublicIp> publics) {
        String seed = MachineNames.seedName(machine.domainName());
        if (!hypervisor.diskExists(seed)) {
            return false;
        }
        var files = hypervisor.readSeed(seed);
        byte[] metaData = files.get("meta-data");
        byte[] userData = files.get("user-data");
        if (metaData == null || userData == null) {
            log.warn("seed {} lacks meta-data or user-data; left as it is", seed);
            return false;
        }
        var network = networks.network(machine.tenantId(), machine.hostId());
        hypervisor.createSeed(
                seed,
                new String(metaData, StandardCharsets.UTF_8),
                CloudInit.withNetworkOnBoot(new String(userData, StandardCharsets.UTF_8)),
                CloudInit.networkConfig(network, machine.mac(), machine.privateIpv4(), publics));
        return true;
    }

    /** Puts things back after an add failed on the host; what cannot be undone there is logged. */
    private void undoAdd(Hypervisor hypervisor, Machine machine, PublicIp ip) {
        try {
            hypervisor.detachInterface(machine.domainName(), ip.mac());
        } catch (RuntimeException e) {
            log.warn("could not take interface {} off {}: {}", ip.mac(), machine.domainName(), e.getMessage());
        }
        runner.inTransaction(() -> publicIps.release(machine.id(), ip.address()));
        try {
            var remaining = publicIps.of(machine.id());
            allowAddresses(hypervisor, machine, remaining, null); // none keeps the address given back
            rewriteSeed(hypervisor, machine, remaining);
            if (remaining.isEmpty()) {
                hypervisor.deleteFirewall(MachineFirewalls.filterName(machine.id()));
            }
        } catch (RuntimeException e) {
            log.warn("could not restore the seed or firewall of {}: {}", machine.domainName(), e.getMessage());
        }
    }

    /**
     * Each of the machine's public interfaces (but the one of {@code except}, null: all) may send from exactly the
     * machine's public addresses {@code publics}: changed live on a running machine.
     */
    private static void allowAddresses(Hypervisor hypervisor, Machine machine, List<PublicIp> publics, String except) {
        for (var ip : publics) {
            if (!ip.address().equals(except)) {
                hypervisor.updateInterface(
                        machine.domainName(),
                        PrivateNics.publicNic(ip, MachineFirewalls.filterName(machine.id()), publics));
            }
        }
    }
}
