package org.vireo.machines;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.Cidr;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.networks.TenantSubnets;

/**
 * Each tenant's private network on each host with its machines: named for the tenant, on a bridge of its own per
 * host, in the host's mode; made when a machine needs it, made again when it went missing, removed with the
 * tenant's last machine there. Every change is audited.
 */
@Component
class TenantNetworks {
    private static final Logger log = LoggerFactory.getLogger(TenantNetworks.class);
    private final HostConnections hosts;
    private final TenantSubnets subnets;
    private final AuditLog audit;

    TenantNetworks(HostConnections hosts, TenantSubnets subnets, AuditLog audit) {
        this.hosts = hosts;
        this.subnets = subnets;
        this.audit = audit;
    }

    /** The tenant's network on the host, on the tenant's subnet (taken on its first machine: not in a transaction). */
    NetworkSpec network(UUID tenantId, UUID hostId) {
        return network(tenantId, hostId, subnets.of(tenantId));
    }

    /** The tenant's network on the host, as the host's mode says. */
    private NetworkSpec network(UUID tenantId, UUID hostId, Cidr subnet) {
        Host host = hosts.hosts().stream()
                .filter(h -> h.id().equals(hostId))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown host " + hostId));
        return new NetworkSpec(
                networkName(tenantId),
                bridgeName(tenantId, hosts.isLocal(host) ? null : hostId),
                host.networkMode(),
                subnet,
                host.dns());
    }

    /** The network on the host as {@code network} says; audited when it was made (or made again) now. */
    boolean ensure(Hypervisor hypervisor, NetworkSpec network, UUID tenantId) {
        boolean made = hypervisor.ensureNetwork(network);
        if (made) {
            audit.record(
                    "system",
                    tenantId,
                    "network.create",
                    network.name(),
                    AuditOutcome.SUCCESS,
                    AuditSource.SYSTEM,
                    network.subnet().toString(),
                    "bridge " + network.bridge() + ", mode " + network.mode().wire());
        }
        return made;
    }

    /**
     * The networks a host should have: one for each tenant with machines there, made again when missing (after a
     * host's restart without autostart, or removed by hand) with the reservations of the tenant's machines there.
     */
    void restore(Hypervisor hypervisor, UUID hostId, List<MachineEntity> onHost) {
        var byTenant = new LinkedHashMap<UUID, List<MachineEntity>>();
        onHost.forEach(m -> byTenant.computeIfAbsent(m.getTenantId(), t -> new ArrayList<>())
                .add(m));
        byTenant.forEach((tenantId, list) -> {
            try {
                var network = network(tenantId, hostId);
                if (ensure(hypervisor, network, tenantId)) {
                    log.info(
                            "network {} made again on host {}: {} reservation(s)",
                            network.name(),
                            hostId,
                            list.stream().filter(m -> m.getMac() != null).count());
                    list.stream()
                            .filter(m -> m.getMac() != null)
                            .forEach(m -> hypervisor.reserveAddress(
                                    network.name(), m.getMac(), m.getPrivateIpv4(), m.getName()));
                }
            } catch (RuntimeException e) {
                log.warn("network of tenant {} on host {} not restored: {}", tenantId, hostId, e.getMessage());
            }
        });
    }

    /** The tenant's network leaves the host when no machine of the tenant is defined there any more. */
    void removeIfUnused(Hypervisor hypervisor, UUID tenantId) {
        try {
            if (hypervisor.deleteNetworkIfUnused(networkName(tenantId))) {
                audit.record(
                        "system",
                        tenantId,
                        "network.delete",
                        networkName(tenantId),
                        AuditOutcome.SUCCESS,
                        AuditSource.SYSTEM,
                        null,
                        "the tenant's last machine left the host");
            }
        } catch (HypervisorException e) {
            log.warn("network of tenant {} not removed: {}", tenantId, e.getMessage());
        }
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
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((hostId + "/" + tenantId).getBytes(StandardCharsets.UTF_8));
            return "vrh" + HexFormat.of().formatHex(Arrays.copyOf(hash, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
