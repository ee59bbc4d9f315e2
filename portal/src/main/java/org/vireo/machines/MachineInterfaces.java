package org.vireo.machines;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vireo.base.Cidr;
import org.vireo.base.IpText;
import org.vireo.networks.PublicIps;
import org.vireo.networks.TenantSubnets;

/**
 * What a machine's interfaces are and which addresses it has: the address reserved for it on its tenant's private
 * network first, then what libvirt saw (DHCP leases, the guest agent, the host's ARP table).
 */
@Component
public class MachineInterfaces {
    /** The tenant's private network. */
    public static final String PRIVATE = "private";

    /** A public address's interface. */
    public static final String PUBLIC = "public";

    private final UsageHistory observed;
    private final PublicIps publicIps;
    private final TenantSubnets subnets;

    MachineInterfaces(UsageHistory observed, PublicIps publicIps, TenantSubnets subnets) {
        this.observed = observed;
        this.publicIps = publicIps;
        this.subnets = subnets;
    }

    /** The gateway of the machine's private network (its subnet's first address); empty without one. */
    public Optional<String> privateGateway(Machine m) {
        return m.privateIpv4() == null
                ? Optional.empty()
                : subnets.find(m.tenantId()).map(s -> Cidr.format(s.at(1)));
    }

    /** One interface: its MAC, {@code private} or {@code public}, its addresses. */
    public record Nic(String mac, String network, List<String> addresses) {}

    /** The machine's interfaces (none for machines from before private networks). */
    public List<Nic> of(Machine m) {
        if (m.mac() == null) {
            return List.of();
        }
        var result = new ArrayList<Nic>();
        result.add(new Nic(m.mac(), PRIVATE, List.of(m.privateIpv4())));
        publicIps.of(m.id()).forEach(ip -> result.add(new Nic(ip.mac(), PUBLIC, List.of(ip.address()))));
        return result;
    }

    /**
     * Every address of the machine: its interfaces' first, then the ones libvirt observed (in short form, without
     * link-local and loopback ones, which every guest has and nobody reaches).
     */
    public List<String> addresses(Machine m) {
        var all = new LinkedHashSet<String>();
        of(m).forEach(nic -> all.addAll(nic.addresses()));
        observed.addresses(m.id()).stream()
                .filter(IpText::reachable)
                .map(IpText::shortForm)
                .forEach(all::add);
        return List.copyOf(all);
    }
}
