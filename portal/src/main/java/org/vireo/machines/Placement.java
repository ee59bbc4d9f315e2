package org.vireo.machines;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.vireo.base.ConflictException;
import org.vireo.base.UnavailableException;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.HostInfo;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.quotas.Resources;

/**
 * Picks the host for a new machine: hosts in maintenance or not answering are out; the others must fit the
 * machine under their overcommit ratios (vCPUs per host CPU, memory per host memory, counting every machine placed
 * there) and have space left in the storage pool (disks are thin overlays; a full pool refuses with "storage
 * full"). Of those, the one with the most memory left wins; with
 * {@code spread}, the one with the fewest of the tenant's machines first (anti-affinity). The choice and the
 * reasons are returned for the audit log.
 */
@Component
class Placement {
    private static final long PROBE_SECONDS = 3;

    private final HostConnections hosts;
    private final MachineRepository machines;

    Placement(HostConnections hosts, MachineRepository machines) {
        this.hosts = hosts;
        this.machines = machines;
    }

    /** {@code local}: the portal's own host. */
    record Choice(UUID hostId, String hostName, boolean local, String explanation) {}

    /**
     * No host can take the machine: 409 {@code …/no-capacity} for the caller, or {@code …/storage-full} when every
     * pool is full. Why each host was out goes to the operators' part of the audit log only.
     */
    static final class NoRoomException extends ConflictException {
        final String explanation;

        NoRoomException(String type, String messageKey, String explanation) {
            super(type, messageKey);
            this.explanation = explanation;
        }
    }

    /** No host answers at all: a failure of the platform, not a lack of room (503 {@code …/no-host-available}). */
    static final class NoHostAvailableException extends UnavailableException {
        final String explanation;

        NoHostAvailableException(String explanation) {
            super("no-host-available", "machines.no-host-available");
            this.explanation = explanation;
        }
    }

    private static final String STORAGE_FULL = "storage full";
    /** Disks are thin overlays: a pool only counts as full when (almost) nothing is left in it. */
    private static final long MIN_FREE_BYTES = 1L << 20;

    private record Candidate(
            Host host, HostInfo info, long poolFreeGiB, Resources allocated, long tenantMachines, String refusal) {
        double cpuCapacity() {
            return info.cpus() * host.cpuOvercommit();
        }

        double memoryCapacity() {
            return info.memoryMiB() * host.memoryOvercommit();
        }

        double memoryLeftAfter(Resources request) {
            return (memoryCapacity() - allocated.memoryMiB() - request.memoryMiB()) / Math.max(1, memoryCapacity());
        }

        String describe() {
            return refusal != null
                    ? host.name() + " (" + refusal + ")"
                    : String.format(
                            Locale.ROOT,
                            "%s (vCPUs %d of %.0f, memory %d of %.0f MiB, pool %d GiB free, " + "tenant's machines %d)",
                            host.name(),
                            allocated.vcpus(),
                            cpuCapacity(),
                            allocated.memoryMiB(),
                            memoryCapacity(),
                            poolFreeGiB,
                            tenantMachines);
        }
    }

    Choice choose(UUID tenantId, Resources request, boolean spread) {
        return choose(tenantId, request, spread, Map.of(), h -> null);
    }

    /** The same rules, on host {@code hostId} only (a restore where its backup is). */
    Choice chooseOn(UUID tenantId, Resources request, UUID hostId) {
        return choose(tenantId, request, false, Map.of(), h -> h.id().equals(hostId) ? null : "not the one asked for");
    }

    /**
     * Where machine {@code m} can move: the same rules as for a new machine, on the hosts for which
     * {@code unfit} gives no reason to leave them out (the machine's own host, hosts that cannot receive moves);
     * {@code pending}: what moves already under way will add to each host.
     */
    Choice chooseTarget(Machine m, Map<UUID, Resources> pending, Function<Host, String> unfit) {
        return choose(
                m.tenantId(),
                new Resources(m.vcpus(), m.memoryMiB(), m.diskGiB(), 1),
                false,
                pending,
                h -> h.id().equals(m.hostId()) ? "its own host" : unfit.apply(h));
    }

    private Choice choose(
            UUID tenantId,
            Resources request,
            boolean spread,
            Map<UUID, Resources> pending,
            Function<Host, String> unfit) {
        var registered = hosts.hosts();
        var allocation = new HashMap<UUID, Resources>(pending);
        for (var row : machines.totalsByHost()) {
            allocation.merge(
                    row.getHostId(),
                    new Resources(row.getVcpus(), row.getMemoryMib(), row.getDiskGib(), row.getMachines()),
                    Resources::plus);
        }
        Map<UUID, Long> tenantCounts = new HashMap<>();
        for (var row : machines.countByHostForTenant(tenantId)) {
            tenantCounts.merge(row.getHostId(), (long) row.getMachines(), Long::sum);
        }
        var excluded = new HashMap<UUID, String>();
        registered.forEach(h -> {
            String why = unfit.apply(h);
            if (why != null) {
                excluded.put(h.id(), why);
            }
        });
        var probes = registered.stream()
                .map(h -> CompletableFuture.supplyAsync(() -> excluded.containsKey(h.id())
                                ? new Candidate(h, null, 0, Resources.ZERO, 0, excluded.get(h.id()))
                                : probe(
                                        h,
                                        allocation.getOrDefault(h.id(), Resources.ZERO),
                                        tenantCounts.getOrDefault(h.id(), 0L),
                                        request))
                        .completeOnTimeout(
                                new Candidate(h, null, 0, Resources.ZERO, 0, "no answer"),
                                PROBE_SECONDS,
                                TimeUnit.SECONDS))
                .toList();
        var candidates = new ArrayList<Candidate>();
        probes.forEach(p -> candidates.add(p.join()));
        Comparator<Candidate> order = Comparator.comparingDouble((Candidate c) -> -c.memoryLeftAfter(request));
        if (spread) {
            order = Comparator.comparingLong(Candidate::tenantMachines).thenComparing(order);
        }
        var best = candidates.stream()
                .filter(c -> c.refusal() == null)
                .min(order.thenComparing(c -> c.host().name()));
        String all =
                String.join("; ", candidates.stream().map(Candidate::describe).toList());
        if (best.isEmpty()) {
            if (candidates.stream().allMatch(c -> STORAGE_FULL.equals(c.refusal()))) {
                throw new NoRoomException("storage-full", "machines.storage-full", all);
            }
            var inService = candidates.stream()
                    .filter(c -> !c.host().maintenance()
                            && !excluded.containsKey(c.host().id()))
                    .toList();
            if (!inService.isEmpty() && inService.stream().allMatch(c -> c.info() == null)) {
                throw new NoHostAvailableException(all);
            }
            throw new NoRoomException("no-capacity", "machines.no-host", all);
        }
        var c = best.get();
        return new Choice(
                c.host().id(),
                c.host().name(),
                hosts.isLocal(c.host()),
                "placed on " + c.host().name()
                        + (spread ? " (spread: fewest of the tenant's machines first)" : " (most memory left)")
                        + "; candidates: " + all);
    }

    private Candidate probe(Host h, Resources allocated, long tenantMachines, Resources request) {
        if (h.maintenance()) {
            return new Candidate(h, null, 0, allocated, tenantMachines, "maintenance");
        }
        try {
            var hv = hosts.of(h);
            var info = hv.hostInfo();
            long freeBytes = hv.poolInfo().availableBytes();
            long free = freeBytes >> 30;
            var c = new Candidate(h, info, free, allocated, tenantMachines, null);
            String refusal = allocated.vcpus() + request.vcpus() > c.cpuCapacity()
                    ? "vCPUs full"
                    : allocated.memoryMiB() + request.memoryMiB() > c.memoryCapacity()
                            ? "memory full"
                            : freeBytes < MIN_FREE_BYTES ? STORAGE_FULL : null;
            return refusal == null ? c : new Candidate(h, info, free, allocated, tenantMachines, refusal);
        } catch (RuntimeException e) {
            return new Candidate(h, null, 0, allocated, tenantMachines, "unreachable: " + e.getMessage());
        }
    }
}
