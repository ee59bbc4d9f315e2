package org.vireo.networks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.Cidr;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.networks.internal.IpPoolEntity;
import org.vireo.networks.internal.IpPoolRepository;
import org.vireo.networks.internal.PublicIpRepository;
import org.vireo.security.CurrentUser;

/**
 * Operators' public IPv4 pools: a subnet of a host (prefix 16 to 30) with its gateway, the host's bridge or uplink
 * the addresses live on, and addresses never given out. Pools do not overlap each other or the private plan; a
 * pool with addresses in use is not deleted.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class IpPoolService {
    private static final int MAX_RESERVED = 256;

    private final IpPoolRepository pools;
    private final PublicIpRepository addresses;
    private final HostConnections hosts;
    private final NetworkPlan plan;
    private final AuditLog audit;

    IpPoolService(
            IpPoolRepository pools,
            PublicIpRepository addresses,
            HostConnections hosts,
            NetworkPlan plan,
            AuditLog audit) {
        this.pools = pools;
        this.addresses = addresses;
        this.hosts = hosts;
        this.plan = plan;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<IpPool> list() {
        return pools.findAllByOrderByCreatedAt().stream()
                .map(p -> p.toPool((int) addresses.countByPoolId(p.getId())))
                .toList();
    }

    @Transactional(readOnly = true)
    public IpPool get(UUID id) {
        var p = pools.findById(id).orElseThrow(() -> new NotFoundException("ip-pool"));
        return p.toPool((int) addresses.countByPoolId(id));
    }

    @Transactional
    public IpPool create(
            String name,
            UUID hostId,
            String cidr,
            String gateway,
            String bridge,
            List<String> reserved,
            AuditSource source) {
        String n = Validation.name("name", name);
        if (hostId == null || hosts.hosts().stream().noneMatch(h -> h.id().equals(hostId))) {
            throw new InvalidInputException("hostId", "networks.host-unknown");
        }
        Cidr subnet;
        try {
            subnet = Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cidr", "networks.cidr-invalid");
        }
        if (subnet.prefix() < 16 || subnet.prefix() > 30) {
            throw new InvalidInputException("cidr", "networks.cidr-invalid");
        }
        if (plan.overlaps(subnet)
                || pools.findAll().stream()
                        .anyMatch(p -> Cidr.parse(p.toPool(0).cidr()).overlaps(subnet))) {
            throw new InvalidInputException("cidr", "networks.cidr-overlaps");
        }
        String gw = inside("gateway", gateway, subnet);
        if (bridge == null || !DomainSpec.HOST_BRIDGE.matcher(bridge).matches()) {
            throw new InvalidInputException("bridge", "networks.bridge-invalid");
        }
        var kept = new LinkedHashSet<String>();
        for (String r : reserved == null ? List.<String>of() : reserved) {
            kept.add(inside("reserved", r, subnet));
        }
        if (kept.size() > MAX_RESERVED) {
            throw new InvalidInputException("reserved", "networks.reserved-too-many", MAX_RESERVED);
        }
        if (pools.existsByName(n)) {
            throw new InvalidInputException("name", "networks.pool-name-taken");
        }
        var saved = pools.save(new IpPoolEntity(n, hostId, subnet.toString(), gw, bridge, new ArrayList<>(kept)));
        audit.record(
                CurrentUser.require().username(),
                null,
                "ip-pool.create",
                n,
                AuditOutcome.SUCCESS,
                source,
                subnet + " gateway " + gw + " bridge " + bridge + " reserved " + kept.size());
        return saved.toPool(0);
    }

    /** 409 while any of its addresses is given to a machine. */
    @Transactional
    public void delete(UUID id, AuditSource source) {
        var pool = pools.findById(id).orElseThrow(() -> new NotFoundException("ip-pool"));
        var view = pool.toPool(0);
        long used = addresses.countByPoolId(id);
        if (used > 0) {
            audit.record(
                    CurrentUser.require().username(),
                    null,
                    "ip-pool.delete",
                    view.name(),
                    AuditOutcome.DENIED,
                    source,
                    used + " in use");
            throw new ConflictException("networks.pool-in-use", used);
        }
        pools.delete(pool);
        audit.record(
                CurrentUser.require().username(),
                null,
                "ip-pool.delete",
                view.name(),
                AuditOutcome.SUCCESS,
                source,
                view.cidr());
    }

    /** A usable host address of the subnet (not its network or broadcast address), normalized. */
    private static String inside(String field, String address, Cidr subnet) {
        int a;
        try {
            a = Cidr.address(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "networks.address-invalid");
        }
        if (!subnet.contains(a) || a == subnet.at(0) || a == subnet.at(subnet.size() - 1)) {
            throw new InvalidInputException(field, "networks.address-outside", subnet.toString());
        }
        return Cidr.format(a);
    }
}
