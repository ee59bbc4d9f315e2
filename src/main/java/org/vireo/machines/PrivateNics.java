package org.vireo.machines;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.vireo.base.Cidr;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.machines.internal.FirewallRepository;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.networks.AddressesExhaustedException;
import org.vireo.networks.PublicIp;
import org.vireo.networks.PublicIps;
import org.vireo.networks.TenantSubnets;

/**
 * Machines' interfaces: on their tenant's private network a MAC and an address of the tenant's subnet for each
 * machine (the lowest free one, taken in the create's transaction under the tenant's quota lock, so parallel
 * creates of a tenant never share one; the unique columns back that up), one interface per public address, and
 * what a host needs for them (the network, the DHCP reservation, the firewall filter).
 */
@Component
class PrivateNics {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MachineRepository machines;
    private final TenantSubnets subnets;
    private final HostConnections hosts;
    private final PublicIps publicIps;
    private final FirewallRepository firewalls;
    private final FirewallDefaults firewallDefaults;

    PrivateNics(MachineRepository machines, TenantSubnets subnets, HostConnections hosts, PublicIps publicIps,
                FirewallRepository firewalls, FirewallDefaults firewallDefaults) {
        this.firewallDefaults = firewallDefaults;
        this.machines = machines;
        this.firewalls = firewalls;
        this.publicIps = publicIps;
        this.subnets = subnets;
        this.hosts = hosts;
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
        var used = new HashSet<>(machines.privateAddresses(machine.getTenantId()));
        String address = null;
        for (long i = 2; i < subnet.size() - 1 && address == null; i++) {
            String candidate = Cidr.format(subnet.at(i));
            if (!used.contains(candidate)) {
                address = candidate;
            }
        }
        if (address == null) {
            throw new AddressesExhaustedException("networks.subnet-full");
        }
        String mac;
        do {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            mac = "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(b);
        } while (machines.existsByMac(mac));
        machine.setPrivateNic(mac, address);
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

    /** The tenant's network on the host, as the host's mode says. */
    NetworkSpec network(UUID tenantId, UUID hostId, Cidr subnet) {
        Host host = hosts.hosts().stream().filter(h -> h.id().equals(hostId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown host " + hostId));
        return new NetworkSpec(networkName(tenantId), bridgeName(tenantId, hosts.isLocal(host) ? null : hostId),
                host.networkMode(), subnet, host.dns());
    }

    /** A machine's interfaces in its domain, and the guest's network configuration (null without a private NIC). */
    record Wiring(List<DomainSpec.Nic> nics, String networkConfig) {
    }

    /**
     * Makes what the machine's interfaces need on its host: the tenant's network, the machine's DHCP reservation
     * and, with public addresses, its firewall filter. A machine made before private addresses existed keeps a
     * plain interface on the tenant's network.
     */
    Wiring wire(Hypervisor hypervisor, MachineEntity machine, UUID hostId) {
        var network = network(machine.getTenantId(), hostId, subnet(machine.getTenantId()));
        hypervisor.ensureNetwork(network);
        if (machine.getMac() == null) {
            return new Wiring(List.of(new DomainSpec.Nic(network.name(), null, null)), null);
        }
        hypervisor.reserveAddress(network.name(), machine.getMac(), machine.getPrivateIpv4(), machine.getName());
        var nics = new ArrayList<DomainSpec.Nic>();
        nics.add(new DomainSpec.Nic(network.name(), machine.getMac(), machine.getPrivateIpv4()));
        var publics = publicIps(machine.getId());
        if (!publics.isEmpty()) {
            var firewall = MachineFirewalls.spec(firewalls, firewallDefaults, machine.getId());
            hypervisor.defineFirewall(firewall);
            publics.forEach(ip -> nics.add(publicNic(ip, firewall.name(), publics)));
        }
        return new Wiring(nics, CloudInit.networkConfig(network, machine.getMac(), machine.getPrivateIpv4(), publics));
    }

    /** A public address's interface, which may also send from the machine's other public addresses. */
    static DomainSpec.Nic publicNic(PublicIp ip, String filter, List<PublicIp> all) {
        return new DomainSpec.Nic(null, ip.bridge(), ip.mac(), ip.address(), filter,
                all.stream().map(PublicIp::address).filter(a -> !a.equals(ip.address())).toList());
    }

    /** Takes the machine's DHCP reservation and firewall filter off the host (what is already gone is ignored). */
    void unwire(Hypervisor hypervisor, UUID machineId, UUID tenantId, String mac, String ipv4) {
        if (mac != null && ipv4 != null) {
            hypervisor.releaseAddress(networkName(tenantId), mac, ipv4);
        }
        hypervisor.deleteFirewall(MachineFirewalls.filterName(machineId));
    }

    /** Each tenant's network on a host. */
    static String networkName(UUID tenantId) {
        return "vireo-net-" + tenantId;
    }

    /**
     * Linux bridge names have at most 15 characters: "vrb" + 12 hex digits of the tenant id on the portal's own
     * host ({@code hostId} null), "vrh" + 12 hex digits of a hash of host and tenant elsewhere (two daemons on one
     * machine must not share a bridge).
     */
    static String bridgeName(UUID tenantId, UUID hostId) {
        if (hostId == null) {
            return "vrb" + tenantId.toString().replace("-", "").substring(0, 12);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((hostId + "/" + tenantId)
                    .getBytes(StandardCharsets.UTF_8));
            return "vrh" + HexFormat.of().formatHex(Arrays.copyOf(hash, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
