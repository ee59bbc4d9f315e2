package org.vireo.machines;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.Cidr;
import org.vireo.base.Macs;
import org.vireo.base.NotFoundException;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.SpecValues;
import org.vireo.machines.internal.FirewallRepository;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.networks.AddressesExhaustedException;
import org.vireo.networks.PublicIp;
import org.vireo.networks.PublicIps;
import org.vireo.networks.TenantSubnets;
import org.vireo.quotas.QuotaService;
import org.vireo.quotas.Resources;
import org.vireo.quotas.Usage;

/**
 * Machines' interfaces: on their tenant's private network a MAC and an address of the tenant's subnet for each
 * machine (the lowest free one, taken in the create's transaction under the tenant's quota lock, so parallel
 * creates of a tenant never share one; the unique columns back that up), one interface per public address, and
 * what a host needs for them (the network, the DHCP reservation, the firewall filter).
 */
@Component
class PrivateNics {
    private static final Logger log = LoggerFactory.getLogger(PrivateNics.class);
    /** DHCP reservations of machines being built (bounded: creates beyond it queue for a thread). */
    private final ExecutorService reservations = Executors.newFixedThreadPool(4, r -> {
        var t = new Thread(r, "vireo-dhcp-reservations");
        t.setDaemon(true);
        return t;
    });

    private final MachineRepository machines;
    private final TenantSubnets subnets;
    private final TenantNetworks networks;
    private final PublicIps publicIps;
    private final FirewallRepository firewalls;
    private final FirewallDefaults firewallDefaults;
    private final QuotaService quotas;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    PrivateNics(
            MachineRepository machines,
            TenantSubnets subnets,
            TenantNetworks networks,
            PublicIps publicIps,
            FirewallRepository firewalls,
            FirewallDefaults firewallDefaults,
            QuotaService quotas,
            AuditLog audit,
            PlatformTransactionManager txManager) {
        this.quotas = quotas;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
        this.firewallDefaults = firewallDefaults;
        this.machines = machines;
        this.firewalls = firewalls;
        this.publicIps = publicIps;
        this.subnets = subnets;
        this.networks = networks;
    }

    /** The tenant's subnet (taken on its first machine). Call outside the create's transaction. */
    Cidr subnet(UUID tenantId) {
        return subnets.of(tenantId);
    }

    /**
     * Gives the new machine a MAC and the lowest free address of {@code subnet} (the first is the gateway's, the
     * last the broadcast); 409 {@code addresses-exhausted} when none is left. In the create's transaction.
     */
    void assign(MachineEntity machine, Cidr subnet) {
        String address = lowestFree(machine.getTenantId(), subnet);
        String mac = SpecValues.macFor(address); // its network has this entry from the start: no live update
        machine.setPrivateNic(machines.existsByMac(mac) ? freshMac() : mac, address);
    }

    private String lowestFree(UUID tenantId, Cidr subnet) {
        var used = new HashSet<>(machines.privateAddresses(tenantId));
        for (long i = 2; i < subnet.size() - 1; i++) {
            String candidate = Cidr.format(subnet.at(i));
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new AddressesExhaustedException("networks.subnet-full");
    }

    private String freshMac() {
        return Macs.random(machines::existsByMac);
    }

    /**
     * A machine made before private addresses existed gets its MAC and address now, in a transaction of its own
     * under the tenant's quota lock (like a create's); {@code keepMac}, the MAC its interface has, unless another
     * machine holds it. Returns the machine as saved.
     */
    private MachineEntity assignLate(UUID machineId, Cidr subnet, String keepMac) {
        return tx.execute(s -> {
            var tenantId = machines.findById(machineId)
                    .orElseThrow(() -> new NotFoundException("machine"))
                    .getTenantId();
            quotas.checkAndLock(tenantId, Resources.ZERO, () -> Usage.NONE);
            var locked = machines.lockById(machineId).orElseThrow(() -> new NotFoundException("machine"));
            if (locked.getMac() != null) {
                return locked; // a parallel start did it
            }
            String mac = keepMac != null && SpecValues.MAC.matcher(keepMac).matches() && !machines.existsByMac(keepMac)
                    ? keepMac
                    : freshMac();
            locked.setPrivateNic(mac, lowestFree(tenantId, subnet));
            return machines.saveAndFlush(locked);
        });
    }

    /**
     * Before a machine starts: the tenant's network on its host as the host's mode says now (made again when it
     * went missing, brought up to date while no running machine uses it) and the machine's DHCP reservation. A
     * machine made before private addresses existed gets its address now, and its interface keeps its MAC (the
     * guest's network configuration may name it) and is guarded against spoofing from now on.
     */
    void prepareStart(Hypervisor hypervisor, UUID machineId) {
        var machine = machines.findById(machineId).orElseThrow(() -> new NotFoundException("machine"));
        var network = networks.network(machine.getTenantId(), machine.getHostId());
        networks.ensure(hypervisor, network, machine.getTenantId());
        if (machine.getMac() == null) {
            var old = hypervisor.interfaceMac(machine.getDomainName(), network.name());
            if (old.isEmpty()) {
                return; // no interface on the tenant's network: nothing to give an address to
            }
            machine = assignLate(machineId, network.subnet(), old.get());
            var nic = new DomainSpec.Nic(network.name(), machine.getMac(), machine.getPrivateIpv4());
            if (machine.getMac().equals(old.get())) {
                hypervisor.updateInterface(machine.getDomainName(), nic);
            } else {
                hypervisor.detachInterface(machine.getDomainName(), old.get());
                hypervisor.attachInterface(machine.getDomainName(), nic);
            }
            audit.record(
                    "system",
                    machine.getTenantId(),
                    "machine.address",
                    machine.getName(),
                    AuditOutcome.SUCCESS,
                    AuditSource.SYSTEM,
                    machine.getPrivateIpv4(),
                    "made before private addresses; network " + network.name() + ", bridge " + network.bridge()
                            + ", subnet " + network.subnet());
        }
        hypervisor.reserveAddress(network.name(), machine.getMac(), machine.getPrivateIpv4(), machine.getName());
    }

    /**
     * A public address from a pool of the machine's host for the new machine (its row saved); in the create's
     * transaction, whose quota check counted it.
     */
    PublicIp assignPublic(MachineEntity machine, UUID hostId) {
        return publicIps.allocate(machine.getTenantId(), machine.getId(), hostId);
    }

    /** Gives the machine's public addresses back before its row goes. In the caller's transaction. */
    void releasePublic(UUID machineId) {
        publicIps.releaseAll(machineId);
    }

    List<PublicIp> publicIps(UUID machineId) {
        return publicIps.of(machineId);
    }

    /**
     * A machine's interfaces in its domain, the guest's network configuration (null without a private NIC), and its
     * DHCP reservation, made while the disk and the domain are (join it before the domain starts).
     */
    record Wiring(List<DomainSpec.Nic> nics, String networkConfig, CompletableFuture<Void> reservation) {
        /** Waits until the reservation has ended, however (a rollback's release must come after it). */
        void settle() {
            try {
                reservation.join();
            } catch (RuntimeException ignored) {
                // the caller is failing already
            }
        }

        /** Waits for the reservation; its failure is the caller's. */
        void awaitReservation() {
            try {
                reservation.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /**
     * Makes what the machine's interfaces need on its host: the tenant's network, the machine's DHCP reservation (on
     * a thread of its own: libvirt reloads the network's firewall rules on each live update, about 0.3 s here, which
     * then overlaps the disk's and the domain's creation) and, with public addresses, its firewall filter.
     */
    Wiring wire(Hypervisor hypervisor, MachineEntity machine, UUID hostId) {
        var network = networks.network(machine.getTenantId(), hostId);
        networks.ensure(hypervisor, network, machine.getTenantId());
        if (machine.getMac() == null) {
            // made before private addresses (rebuilt now): its new domain gets a MAC and an address
            machine = assignLate(machine.getId(), network.subnet(), null);
        }
        var reserved = machine;
        var reservation = CompletableFuture.runAsync(
                () -> hypervisor.reserveAddress(
                        network.name(), reserved.getMac(), reserved.getPrivateIpv4(), reserved.getName()),
                reservations);
        var nics = new ArrayList<DomainSpec.Nic>();
        nics.add(new DomainSpec.Nic(network.name(), machine.getMac(), machine.getPrivateIpv4()));
        var publics = publicIps(machine.getId());
        if (!publics.isEmpty()) {
            var firewall = MachineFirewalls.spec(firewalls, firewallDefaults, machine.getId());
            hypervisor.defineFirewall(firewall);
            publics.forEach(ip -> nics.add(publicNic(ip, firewall.name(), publics)));
        }
        return new Wiring(
                nics,
                CloudInit.networkConfig(network, machine.getMac(), machine.getPrivateIpv4(), publics),
                reservation);
    }

    /** A public address's interface, which may also send from the machine's other public addresses. */
    static DomainSpec.Nic publicNic(PublicIp ip, String filter, List<PublicIp> all) {
        return new DomainSpec.Nic(
                null,
                ip.bridge(),
                ip.mac(),
                ip.address(),
                filter,
                all.stream()
                        .map(PublicIp::address)
                        .filter(a -> !a.equals(ip.address()))
                        .toList());
    }

    /**
     * Takes the machine's DHCP reservation and firewall filter off the host (what is already gone is ignored), and
     * the tenant's network when no other machine of the tenant is defined there.
     */
    void unwire(Hypervisor hypervisor, UUID machineId, UUID tenantId, String mac, String ipv4) {
        if (mac != null && ipv4 != null && !mac.equals(SpecValues.macFor(ipv4))) {
            // an address's own entry (macFor) stays for its next machine; another MAC's goes
            hypervisor.releaseAddress(TenantNetworks.networkName(tenantId), mac, ipv4);
        }
        hypervisor.deleteFirewall(MachineFirewalls.filterName(machineId));
        networks.removeIfUnused(hypervisor, tenantId);
    }
}
