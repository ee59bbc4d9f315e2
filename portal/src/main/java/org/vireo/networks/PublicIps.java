package org.vireo.networks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.base.Cidr;
import org.vireo.base.Macs;
import org.vireo.networks.internal.IpPoolEntity;
import org.vireo.networks.internal.IpPoolRepository;
import org.vireo.networks.internal.PublicIpEntity;
import org.vireo.networks.internal.PublicIpReleasedEntity;
import org.vireo.networks.internal.PublicIpReleasedRepository;
import org.vireo.networks.internal.PublicIpRepository;
import org.vireo.quotas.Resources;
import org.vireo.quotas.Usage;
import org.vireo.quotas.UsageSource;

/**
 * Public IPv4 addresses of machines, from the pools of the machine's host. An allocation runs in the caller's
 * transaction, which holds the tenant's quota lock (the {@code ipv4} quota is checked there) and here the pool's
 * row lock, so two machines never get one address; the address is the table's key as well. Each address counts
 * as one {@code ipv4} in the tenant's quota while it is given; it goes with its machine.
 */
@Service
@EnableConfigurationProperties(NetworkSettings.PublicAddresses.class)
@PreAuthorize("isAuthenticated()")
public class PublicIps implements UsageSource {

    private final IpPoolRepository pools;
    private final ReverseDns reverseDns;
    private final PublicIpRepository addresses;
    private final PublicIpReleasedRepository released;
    private final Duration cooldown;
    private final Clock clock = Clock.systemUTC();

    PublicIps(
            IpPoolRepository pools,
            PublicIpRepository addresses,
            PublicIpReleasedRepository released,
            NetworkSettings.PublicAddresses settings,
            ReverseDns reverseDns) {
        this.reverseDns = reverseDns;
        this.pools = pools;
        this.addresses = addresses;
        this.released = released;
        this.cooldown = settings.ipCooldown();
    }

    /**
     * The lowest free address of the first pool of {@code hostId} that has one (not the network, broadcast or
     * gateway address, nor a reserved one, nor one another tenant gave back within {@code VIREO_IP_COOLDOWN}),
     * with a new MAC; 409 {@code no-address} when none is free.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PublicIp allocate(UUID tenantId, UUID machineId, UUID hostId) {
        for (var candidate : pools.findByHostIdOrderByCreatedAt(hostId)) {
            var pool = pools.lock(candidate.getId()).orElse(null);
            if (pool == null) {
                continue;
            }
            var view = pool.toPool(0);
            var subnet = Cidr.parse(view.cidr());
            var taken = new HashSet<>(addresses.addressesOf(pool.getId()));
            taken.addAll(view.reserved());
            taken.add(view.gateway());
            taken.addAll(released.coolingFor(tenantId, clock.instant().minus(cooldown)));
            for (long i = 1; i < subnet.size() - 1; i++) {
                String address = Cidr.format(subnet.at(i));
                if (!taken.contains(address)) {
                    var saved = addresses.saveAndFlush(new PublicIpEntity(
                            address, pool.getId(), tenantId, machineId, Macs.random(addresses::existsByMac)));
                    return view(saved, pool);
                }
            }
        }
        throw new AddressesExhaustedException("networks.pool-exhausted");
    }

    /** Gives one of the machine's addresses back; false when it has no such address. In the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean release(UUID machineId, String address) {
        var found = addresses.findById(address).filter(a -> a.getMachineId().equals(machineId));
        found.ifPresent(this::giveBack);
        addresses.flush();
        return found.isPresent();
    }

    /** Gives all of the machine's addresses back (before it is deleted). In the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void releaseAll(UUID machineId) {
        addresses.findByMachineIdOrderByCreatedAt(machineId).forEach(this::giveBack);
        addresses.flush();
    }

    /** The address is free again, for its tenant at once and for others after the cooldown. */
    private void giveBack(PublicIpEntity ip) {
        released.save(new PublicIpReleasedEntity(ip.getAddress(), ip.getTenantId(), clock.instant()));
        addresses.delete(ip);
        if (ip.getPtr() != null) {
            reverseDns.removeQuietly(ip.getAddress()); // the next holder must not inherit the name
        }
    }

    /** Sets the reverse DNS name of one of the machine's addresses (null: none); empty when it has no such address. */
    @Transactional
    public Optional<PublicIp> setPtr(UUID machineId, String address, String ptr) {
        return addresses
                .findById(address)
                .filter(a -> a.getMachineId().equals(machineId))
                .map(a -> {
                    a.setPtr(ptr);
                    return view(
                            addresses.saveAndFlush(a),
                            pools.findById(a.getPoolId()).orElseThrow());
                });
    }

    /** The machine's public addresses, oldest first. */
    @Transactional(readOnly = true)
    public List<PublicIp> of(UUID machineId) {
        return addresses.findByMachineIdOrderByCreatedAt(machineId).stream()
                .map(a -> view(a, pools.findById(a.getPoolId()).orElseThrow()))
                .toList();
    }

    /** Several machines' public addresses at once (a page of the machines list). */
    @Transactional(readOnly = true)
    public Map<UUID, List<PublicIp>> of(Collection<UUID> machineIds) {
        var result = new HashMap<UUID, List<PublicIp>>();
        if (machineIds.isEmpty()) {
            return result;
        }
        var poolCache = new HashMap<UUID, IpPoolEntity>();
        for (var a : addresses.findByMachineIdIn(machineIds)) {
            var pool = poolCache.computeIfAbsent(
                    a.getPoolId(), id -> pools.findById(id).orElseThrow());
            result.computeIfAbsent(a.getMachineId(), k -> new ArrayList<>()).add(view(a, pool));
        }
        return result;
    }

    @Override
    @Transactional(readOnly = true)
    public Usage usage(UUID tenantId) {
        return usage(List.of(tenantId)).get(tenantId);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, Usage> usage(Collection<UUID> tenantIds) {
        var result = new HashMap<UUID, Usage>();
        if (!tenantIds.isEmpty()) {
            for (Object[] row : addresses.countByTenant(tenantIds)) {
                result.put((UUID) row[0], new Usage(Resources.ipv4(((Number) row[1]).intValue()), Resources.ZERO));
            }
        }
        tenantIds.forEach(id -> result.putIfAbsent(id, Usage.NONE));
        return result;
    }

    private static PublicIp view(PublicIpEntity a, IpPoolEntity pool) {
        var p = pool.toPool(0);
        return new PublicIp(
                a.getAddress(),
                a.getMachineId(),
                a.getMac(),
                p.bridge(),
                Cidr.parse(p.cidr()).prefix(),
                p.gateway(),
                a.getPtr());
    }
}
