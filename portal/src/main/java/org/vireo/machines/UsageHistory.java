package org.vireo.machines;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.base.InvalidInputException;
import org.vireo.cluster.NodeLease;
import org.vireo.hosts.HostConnections;
import org.vireo.hypervisor.DomainStats;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.machines.internal.MachineEntity;
import org.vireo.machines.internal.MachineRepository;
import org.vireo.machines.internal.SampleStore;
import org.vireo.security.CurrentUser;

/**
 * Usage graphs' data: every sampling interval (10 s) the counters of each running machine are read from libvirt
 * and the rates since the previous reading stored; every 5 minutes the last bucket is averaged into the day series.
 * The last hour of samples and the last day of averages are kept in the database, so the graphs survive a restart.
 * Each round's interface counters go out as {@link InterfaceCountersRead} (traffic accounting).
 */
@Service
public class UsageHistory {
    private static final Logger log = LoggerFactory.getLogger(UsageHistory.class);
    private static final Duration BUCKET = Duration.ofMinutes(5);

    /** What a graph shows: the last hour of samples or the last day of 5-minute averages. */
    public enum Window {
        HOUR(SampleStore.FINE, Duration.ofHours(1)),
        DAY(SampleStore.COARSE, Duration.ofDays(1));

        final int series;
        final Duration length;

        Window(int series, Duration length) {
            this.series = series;
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        public static Window parse(String s) {
            for (var w : values()) {
                if (w.name().equalsIgnoreCase(s)) {
                    return w;
                }
            }
            throw new InvalidInputException("window", "usage.window-unknown");
        }
    }

    private final MachineService machines;
    private final MachineRepository repository;
    private final SampleStore store;
    private final ApplicationEventPublisher events;
    private final NodeLease lease;
    private final HostConnections hosts;
    /** The previous reading per running machine; rates need two. */
    private final Map<UUID, DomainStats> previous = new ConcurrentHashMap<>();
    /** Guest IP addresses libvirt knew at the last sampling round, per running machine, with its tenant. */
    private final Map<UUID, Addresses> addresses = new ConcurrentHashMap<>();

    private record Addresses(UUID tenantId, List<String> ips) {}

    UsageHistory(
            MachineService machines,
            MachineRepository repository,
            SampleStore store,
            ApplicationEventPublisher events,
            NodeLease lease,
            HostConnections hosts) {
        this.hosts = hosts;
        this.lease = lease;
        this.machines = machines;
        this.repository = repository;
        this.store = store;
        this.events = events;
    }

    /** The machine's samples in the window, oldest first; another tenant's machine is "not found". */
    @PreAuthorize("isAuthenticated()")
    public List<UsageSample> history(UUID machineId, Window window) {
        var machine = machines.get(machineId);
        return store.since(List.of(machine.id()), window.series, Instant.now().minus(window.length))
                .getOrDefault(machine.id(), List.of());
    }

    /**
     * The guest's IP addresses as libvirt knew them at the last sampling round (DHCP lease or the host's ARP
     * table; empty when it knows none); only for the caller's own tenant's machines.
     */
    @PreAuthorize("isAuthenticated()")
    public List<String> addresses(UUID machineId) {
        var caller = CurrentUser.require();
        var known = addresses.get(machineId);
        if (known == null || !(caller.isAdmin() || known.tenantId().equals(caller.tenantId()))) {
            return List.of();
        }
        return known.ips();
    }

    /** Several machines' samples at once (the tenant overview); only machines the caller may see. */
    @PreAuthorize("isAuthenticated()")
    public Map<UUID, List<UsageSample>> history(List<UUID> machineIds, Window window) {
        var visible = machineIds.stream().map(machines::get).map(Machine::id).toList();
        return store.since(visible, window.series, Instant.now().minus(window.length));
    }

    @Scheduled(fixedDelayString = "${vireo.usage.interval}", initialDelayString = "${vireo.usage.interval}")
    void sampleQuietly() {
        try {
            if (!lease.isLeader()) {
                previous.clear(); // rates start afresh when this node leads again
                refreshAddresses(repository.findByState(MachineState.RUNNING));
                return;
            }
            sample();
        } catch (HypervisorException e) {
            log.debug("usage sampling skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("usage sampling failed: {}", e.toString());
        }
    }

    /** One sampling round; returns the number of machines sampled. One at a time: traffic books each reading once. */
    synchronized int sample() {
        var running = repository.findByState(MachineState.RUNNING);
        var samples = new HashMap<UUID, UsageSample>();
        Instant now = Instant.now();
        var seen = new HashSet<UUID>();
        var readings = new ArrayList<InterfaceCountersRead.Reading>();
        for (MachineEntity m : running) {
            seen.add(m.getId());
            DomainStats stats;
            try {
                stats = hosts.of(m.getHostId()).stats(m.getDomainName()).orElse(null);
            } catch (HypervisorException e) {
                stats = null; // its host does not answer now; the others are still sampled
            }
            if (stats == null) {
                previous.remove(m.getId());
                continue;
            }
            for (var nic : stats.interfaces()) {
                readings.add(new InterfaceCountersRead.Reading(
                        m.getId(),
                        m.getTenantId(),
                        m.getHostId(),
                        m.getDomainName(),
                        m.getHostId() + "/" + stats.run(),
                        stats.cpuTimeNanos(),
                        nic.mac(),
                        nic.mac().equalsIgnoreCase(m.getMac()),
                        nic.rxBytes(),
                        nic.txBytes(),
                        nic.limited()));
            }
            var before = previous.put(m.getId(), stats);
            if (before != null && stats.atNanos() > before.atNanos() && stats.cpuTimeNanos() >= before.cpuTimeNanos()) {
                samples.put(m.getId(), rates(now, before, stats));
            }
        }
        previous.keySet().retainAll(seen);
        refreshAddresses(running);
        if (!samples.isEmpty()) {
            store.insert(SampleStore.FINE, samples);
        }
        Instant bucket = Instant.ofEpochSecond(now.getEpochSecond() / BUCKET.toSeconds() * BUCKET.toSeconds());
        Instant lastCoarse = store.latest(SampleStore.COARSE);
        if (lastCoarse == null || lastCoarse.isBefore(bucket)) {
            store.aggregate(bucket.minus(BUCKET), bucket);
        }
        store.prune(SampleStore.FINE, now.minus(Window.HOUR.length));
        store.prune(SampleStore.COARSE, now.minus(Window.DAY.length));
        if (!samples.isEmpty()) {
            events.publishEvent(new UsageSampled(now, Set.copyOf(samples.keySet())));
        }
        if (!readings.isEmpty()) {
            events.publishEvent(new InterfaceCountersRead(now, readings));
        }
        return samples.size();
    }

    /** Every node keeps its own view of the guests' addresses (cheap: a lease file and the ARP table). */
    private void refreshAddresses(List<MachineEntity> running) {
        var seen = new HashSet<UUID>();
        for (MachineEntity m : running) {
            seen.add(m.getId());
            try {
                addresses.put(
                        m.getId(),
                        new Addresses(m.getTenantId(), hosts.of(m.getHostId()).addresses(m.getDomainName())));
            } catch (HypervisorException e) {
                addresses.remove(m.getId());
            }
        }
        addresses.keySet().retainAll(seen);
    }

    static UsageSample rates(Instant at, DomainStats a, DomainStats b) {
        double seconds = (b.atNanos() - a.atNanos()) / 1e9;
        double cpu = (b.cpuTimeNanos() - a.cpuTimeNanos()) / 1e9 / seconds / Math.max(1, b.vcpus()) * 100;
        return new UsageSample(
                at,
                Math.min(100, Math.max(0, cpu)),
                b.memoryUsedKiB() / 1024.0,
                perSecond(a.diskReadBytes(), b.diskReadBytes(), seconds),
                perSecond(a.diskWriteBytes(), b.diskWriteBytes(), seconds),
                perSecond(a.netRxBytes(), b.netRxBytes(), seconds),
                perSecond(a.netTxBytes(), b.netTxBytes(), seconds));
    }

    /** A counter's rate; a counter that went back (the guest restarted) counts from zero. */
    private static double perSecond(long before, long after, double seconds) {
        return (after >= before ? after - before : after) / seconds;
    }
}
