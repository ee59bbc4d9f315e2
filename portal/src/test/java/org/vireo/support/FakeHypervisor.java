package org.vireo.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleConsumer;
import java.util.function.Predicate;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainLifecycleEvent;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.DomainStats;
import org.vireo.hypervisor.DomainSummary;
import org.vireo.hypervisor.FirewallSpec;
import org.vireo.hypervisor.GuestInfo;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.HypervisorListener;
import org.vireo.hypervisor.InterfaceCounters;
import org.vireo.hypervisor.InterfaceLimits;
import org.vireo.hypervisor.MigrationProgress;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.hypervisor.PoolInfo;
import org.vireo.hypervisor.VncEndpoint;

/**
 * An in-memory {@link Hypervisor} for unit tests: domains, volumes, networks, filters and disk chains in maps,
 * libvirt's lifecycle events delivered synchronously to the listeners, and failures a test scripts per operation.
 */
public class FakeHypervisor implements Hypervisor {
    /** Where the fake pool's volumes live (only their names matter). */
    public static final Path POOL = Path.of("/var/lib/vireo/pool");

    /** One call of an operation: its name (the interface method's), its number among that operation's calls. */
    public record Call(String operation, int number, List<Object> args) {
        /** The first argument (a domain, volume or network name for most operations). */
        public Object target() {
            return args.isEmpty() ? null : args.get(0);
        }
    }

    private record Failure(Predicate<Call> when, RuntimeException failure, boolean once) {}

    /** A volume of the pool: a qcow2 disk (overlay on {@code backing} when not null) or a seed's files. */
    public record Volume(String name, int sizeGiB, Path backing, Map<String, byte[]> seed) {}

    private static final class Domain {
        DomainSpec spec;
        DomainState state = DomainState.SHUT_OFF;
        boolean persistent = true;
        int run;
        DomainSpec.KernelBoot rescue;
        Path iso;
        /** Volume names of the first disk's chain, base first; the last one is written to. */
        final List<String> chain = new ArrayList<>();

        final Map<String, Integer> limits = new HashMap<>();

        Domain(DomainSpec spec) {
            this.spec = spec;
        }
    }

    private static final class Network {
        NetworkSpec spec;
        boolean active = true;
        /** MAC → IPv4 of its DHCP reservations. */
        final Map<String, String> reservations = new LinkedHashMap<>();

        Network(NetworkSpec spec) {
            this.spec = spec;
        }
    }

    private final String hostname;
    private final int cpus;
    private final long memoryMiB;
    private final Accelerator accelerator = Accelerator.TCG;
    private final Map<String, Domain> domains = new LinkedHashMap<>();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, FirewallSpec> filters = new LinkedHashMap<>();
    private final Map<String, GuestInfo> agents = new HashMap<>();
    private final Map<String, String> passwords = new HashMap<>();
    private final Map<String, List<List<String>>> execs = new HashMap<>();
    private final Map<String, MigrationProgress> migrations = new HashMap<>();
    private final List<HypervisorListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DomainLifecycleEvent> events = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private boolean baseFilters;
    private boolean guestsHonourShutdown = true;
    private long poolCapacityBytes = 100L << 30;
    private long poolAvailableBytes = 90L << 30;
    private InterfaceLimits interfaceLimits = InterfaceLimits.by(InterfaceLimits.Mechanism.LIBVIRT);

    /** A host named {@code fake} with 4 CPUs and 8 GiB. */
    public FakeHypervisor() {
        this("fake", 4, 8192);
    }

    public FakeHypervisor(String hostname, int cpus, long memoryMiB) {
        this.hostname = hostname;
        this.cpus = cpus;
        this.memoryMiB = memoryMiB;
    }

    public static HypervisorException failure(String message) {
        return new HypervisorException(message, null);
    }

    // ---- scripting a test's failures, and what it can look at afterwards

    /** The next call of {@code operation} throws {@code failure} (and changes nothing). */
    public synchronized FakeHypervisor failNext(String operation, RuntimeException failure) {
        failures.add(new Failure(c -> c.operation().equals(operation), failure, true));
        return this;
    }

    /** The {@code n}th call of {@code operation} since the fake was made (1: the first) throws {@code failure}. */
    public synchronized FakeHypervisor failOnCall(String operation, int n, RuntimeException failure) {
        failures.add(new Failure(c -> c.operation().equals(operation) && c.number() == n, failure, true));
        return this;
    }

    /** Every call that {@code when} picks throws {@code failure}, until {@link #heal}. */
    public synchronized FakeHypervisor failWhen(Predicate<Call> when, RuntimeException failure) {
        failures.add(new Failure(when, failure, false));
        return this;
    }

    /** No scripted failures any more. */
    public synchronized void heal() {
        failures.clear();
    }

    /** Every call so far, failed ones too, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The names of the operations called so far, in order (e.g. {@code [createDisk, define, start]}). */
    public synchronized List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    public synchronized int count(String operation) {
        return counts.getOrDefault(operation, 0);
    }

    /** Every lifecycle event sent to the listeners so far. */
    public synchronized List<DomainLifecycleEvent> events() {
        return List.copyOf(events);
    }

    public synchronized Optional<DomainSpec> definition(String domainName) {
        return Optional.ofNullable(domains.get(domainName)).map(d -> d.spec);
    }

    public synchronized Set<String> domainNames() {
        return new LinkedHashSet<>(domains.keySet());
    }

    public synchronized Optional<Volume> volume(String volumeName) {
        return Optional.ofNullable(volumes.get(volumeName));
    }

    public synchronized Set<String> volumeNames() {
        return new LinkedHashSet<>(volumes.keySet());
    }

    public synchronized Optional<NetworkSpec> network(String networkName) {
        return Optional.ofNullable(networks.get(networkName)).map(n -> n.spec);
    }

    public synchronized boolean networkActive(String networkName) {
        var n = networks.get(networkName);
        return n != null && n.active;
    }

    /** The network's DHCP reservations, MAC → IPv4. */
    public synchronized Map<String, String> reservations(String networkName) {
        var n = networks.get(networkName);
        return n == null ? Map.of() : Map.copyOf(n.reservations);
    }

    public synchronized Optional<FirewallSpec> firewall(String filterName) {
        return Optional.ofNullable(filters.get(filterName));
    }

    public synchronized Optional<DomainSpec.KernelBoot> rescue(String domainName) {
        return Optional.ofNullable(domain(domainName).rescue);
    }

    public synchronized Optional<Path> iso(String domainName) {
        return Optional.ofNullable(domain(domainName).iso);
    }

    /** The domain's disk chain, base first, the volume it writes to last. */
    public synchronized List<String> diskChain(String domainName) {
        return List.copyOf(domain(domainName).chain);
    }

    /** The live limit on the domain's interface, in kB/s; empty: none. */
    public synchronized Optional<Integer> limit(String domainName, String mac) {
        return Optional.ofNullable(domain(domainName).limits.get(mac));
    }

    public synchronized Optional<String> password(String domainName, String user) {
        return Optional.ofNullable(passwords.get(domainName + "/" + user));
    }

    public synchronized List<List<String>> executed(String domainName) {
        return List.copyOf(execs.getOrDefault(domainName, List.of()));
    }

    // ---- what happens on the host without Vireo asking

    /**
     * The domain changes state by itself (a guest powering off, a crash, a full disk), with libvirt's event;
     * {@code null}: somebody undefined it by hand.
     */
    public synchronized void happen(String domainName, DomainState state, String reason) {
        var d = domain(domainName);
        if (state == null) {
            domains.remove(domainName);
            emit(domainName, null, reason);
            return;
        }
        if (state == DomainState.RUNNING && d.state == DomainState.SHUT_OFF) {
            d.run++;
        }
        d.state = state;
        emit(domainName, state, reason);
    }

    /** The guest's agent connects (with what it tells) or goes away ({@code null}), with libvirt's event. */
    public synchronized void agent(String domainName, GuestInfo info) {
        if (info == null) {
            agents.remove(domainName);
        } else {
            agents.put(domainName, info);
        }
        listeners.forEach(l -> l.onGuestAgent(domainName, info != null));
    }

    /** The connection was made again: listeners hear {@code onConnected}. */
    public void reconnect() {
        listeners.forEach(HypervisorListener::onConnected);
    }

    /** A network goes down (a host restarted without autostart). */
    public synchronized void stopNetwork(String networkName) {
        networks.get(networkName).active = false;
    }

    /** Whether guests power off on {@link #shutdown} (true) or ignore the ACPI button. */
    public synchronized void guestsHonourShutdown(boolean honour) {
        this.guestsHonourShutdown = honour;
    }

    public synchronized void pool(long capacityBytes, long availableBytes) {
        this.poolCapacityBytes = capacityBytes;
        this.poolAvailableBytes = availableBytes;
    }

    public synchronized void interfaceLimits(InterfaceLimits limits) {
        this.interfaceLimits = limits;
    }

    public synchronized void migrationInProgress(String domainName, MigrationProgress progress) {
        migrations.put(domainName, progress);
    }

    // ---- Hypervisor

    @Override
    public synchronized HostInfo hostInfo() {
        call("hostInfo");
        return new HostInfo(
                "fake:///" + hostname,
                "QEMU",
                "8.2.2",
                "10.0.0",
                hostname,
                "fake",
                cpus,
                memoryMiB,
                accelerator,
                "fake");
    }

    @Override
    public Accelerator accelerator() {
        return accelerator;
    }

    @Override
    public synchronized Path createDisk(String volumeName, Path backingImage, String backingFormat, int sizeGiB) {
        call("createDisk", volumeName, backingImage, backingFormat, sizeGiB);
        return add(new Volume(volumeName, sizeGiB, backingImage, null));
    }

    @Override
    public synchronized Path createSeed(String volumeName, String metaData, String userData, String networkConfig) {
        call("createSeed", volumeName, metaData, userData, networkConfig);
        var files = new LinkedHashMap<String, byte[]>();
        files.put("meta-data", metaData.getBytes(StandardCharsets.UTF_8));
        files.put("user-data", userData.getBytes(StandardCharsets.UTF_8));
        if (networkConfig != null) {
            files.put("network-config", networkConfig.getBytes(StandardCharsets.UTF_8));
        }
        volumes.remove(volumeName); // a seed is made afresh
        return add(new Volume(volumeName, 0, null, files));
    }

    @Override
    public synchronized Map<String, byte[]> readSeed(String volumeName) {
        call("readSeed", volumeName);
        var v = volumes.get(volumeName);
        if (v == null || v.seed() == null) {
            throw failure("no seed " + volumeName);
        }
        return v.seed();
    }

    /** The copy is named {@code volumeName} with the key {@code copy} before its extension. */
    @Override
    public synchronized Path copyToPool(String volumeName, Path source, DoubleConsumer progress) {
        call("copyToPool", volumeName, source);
        int dot = volumeName.lastIndexOf('.');
        String name =
                dot < 0 ? volumeName + ".copy" : volumeName.substring(0, dot) + ".copy" + volumeName.substring(dot);
        if (!volumes.containsKey(name)) {
            add(new Volume(name, 1, null, null));
            progress.accept(1.0);
        }
        return POOL.resolve(name);
    }

    @Override
    public synchronized void deleteDisk(String volumeName) {
        call("deleteDisk", volumeName);
        volumes.remove(volumeName);
    }

    @Override
    public synchronized boolean diskExists(String volumeName) {
        call("diskExists", volumeName);
        return volumes.containsKey(volumeName);
    }

    @Override
    public synchronized void growDisk(String volumeName, int sizeGiB) {
        call("growDisk", volumeName, sizeGiB);
        var v = volumes.get(volumeName);
        if (v == null) {
            throw failure("no volume " + volumeName);
        }
        if (v.sizeGiB() < sizeGiB) {
            volumes.put(volumeName, new Volume(volumeName, sizeGiB, v.backing(), v.seed()));
        }
    }

    @Override
    public synchronized List<String> volumes(String prefix) {
        call("volumes", prefix);
        return volumes.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    @Override
    public synchronized PoolInfo poolInfo() {
        call("poolInfo");
        return new PoolInfo("vireo", poolCapacityBytes, poolCapacityBytes - poolAvailableBytes, poolAvailableBytes);
    }

    @Override
    public synchronized boolean ensureNetwork(NetworkSpec spec) {
        call("ensureNetwork", spec.name(), spec);
        var n = networks.get(spec.name());
        if (n == null) {
            networks.put(spec.name(), new Network(spec));
            return true;
        }
        if (!n.spec.equals(spec) && !usedByRunningDomain(spec.name())) {
            n.spec = spec;
            n.active = true;
            return true;
        }
        if (!n.active) {
            n.active = true;
            return true;
        }
        return false;
    }

    @Override
    public synchronized boolean deleteNetworkIfUnused(String networkName) {
        call("deleteNetworkIfUnused", networkName);
        boolean used = domains.values().stream()
                .anyMatch(d -> d.spec.nics().stream().anyMatch(nic -> networkName.equals(nic.network())));
        return !used && networks.remove(networkName) != null;
    }

    @Override
    public synchronized Optional<String> interfaceMac(String domainName, String networkName) {
        call("interfaceMac", domainName, networkName);
        var d = domains.get(domainName);
        return d == null
                ? Optional.empty()
                : d.spec.nics().stream()
                        .filter(nic -> networkName.equals(nic.network()))
                        .map(DomainSpec.Nic::mac)
                        .filter(Objects::nonNull)
                        .findFirst();
    }

    @Override
    public synchronized void reserveAddress(String networkName, String mac, String ipv4, String hostName) {
        call("reserveAddress", networkName, mac, ipv4, hostName);
        var n = networks.get(networkName);
        if (n == null) {
            throw failure("no network " + networkName);
        }
        if (n.spec.mode().dhcp()) {
            // an entry holding this address for another MAC goes, as in the libvirt adapter
            n.reservations.values().removeIf(ipv4::equals);
            n.reservations.put(mac, ipv4);
        }
    }

    @Override
    public synchronized void releaseAddress(String networkName, String mac, String ipv4) {
        call("releaseAddress", networkName, mac, ipv4);
        var n = networks.get(networkName);
        if (n != null) {
            n.reservations.remove(mac, ipv4);
        }
    }

    @Override
    public synchronized void deleteNetwork(String networkName) {
        call("deleteNetwork", networkName);
        networks.remove(networkName);
    }

    @Override
    public synchronized void defineFirewall(FirewallSpec spec) {
        call("defineFirewall", spec.name(), spec);
        filters.put(spec.name(), spec);
    }

    @Override
    public synchronized List<String> ensureBaseFilters() {
        call("ensureBaseFilters");
        if (baseFilters) {
            return List.of();
        }
        baseFilters = true;
        return List.of("clean-traffic", "no-mac-spoofing", "no-ip-spoofing", "no-arp-spoofing");
    }

    @Override
    public synchronized void deleteFirewall(String filterName) {
        call("deleteFirewall", filterName);
        filters.remove(filterName);
    }

    /** Defines the domain, or redefines it (keeping its state); its disk chain starts at its first disk. */
    @Override
    public synchronized String define(DomainSpec spec) {
        call("define", spec.name(), spec);
        var d = domains.get(spec.name());
        if (d == null) {
            d = new Domain(spec);
            domains.put(spec.name(), d);
        }
        d.spec = spec;
        d.persistent = true;
        d.chain.clear();
        if (!spec.disks().isEmpty()) {
            d.chain.add(spec.disks().get(0).getFileName().toString());
        }
        return spec.name(); // libvirt's DEFINED event is no state change: none is sent
    }

    @Override
    public synchronized void start(String domainName) {
        call("start", domainName);
        var d = domain(domainName);
        if (d.state != DomainState.SHUT_OFF && d.state != DomainState.CRASHED) {
            throw failure("Requested operation is not valid: domain is already running");
        }
        d.run++;
        d.limits.clear();
        d.state = DomainState.RUNNING;
        emit(domainName, DomainState.RUNNING, "Started");
    }

    @Override
    public synchronized void setRescue(String domainName, DomainSpec.KernelBoot rescue) {
        call("setRescue", domainName, rescue);
        stopped(domainName).rescue = rescue;
    }

    @Override
    public synchronized void attachInterface(String domainName, DomainSpec.Nic nic) {
        call("attachInterface", domainName, nic);
        var d = domain(domainName);
        if (nic.mac() == null || d.spec.nics().stream().noneMatch(n -> nic.mac().equals(n.mac()))) {
            var nics = new ArrayList<>(d.spec.nics());
            nics.add(nic);
            d.spec = withNics(d.spec, nics);
        }
    }

    @Override
    public synchronized void updateInterface(String domainName, DomainSpec.Nic nic) {
        call("updateInterface", domainName, nic);
        var d = domain(domainName);
        d.spec = withNics(
                d.spec,
                d.spec.nics().stream()
                        .map(n -> Objects.equals(n.mac(), nic.mac()) ? nic : n)
                        .toList());
    }

    @Override
    public synchronized void detachInterface(String domainName, String mac) {
        call("detachInterface", domainName, mac);
        var d = domain(domainName);
        d.spec = withNics(
                d.spec, d.spec.nics().stream().filter(n -> !mac.equals(n.mac())).toList());
        d.limits.remove(mac);
    }

    @Override
    public synchronized void setIso(String domainName, Path iso) {
        call("setIso", domainName, iso);
        stopped(domainName).iso = iso;
    }

    @Override
    public synchronized void resize(String domainName, int vcpus, int memoryMiB) {
        call("resize", domainName, vcpus, memoryMiB);
        var d = stopped(domainName);
        var s = d.spec;
        d.spec = new DomainSpec(
                s.name(),
                s.machineId(),
                s.tenantId(),
                vcpus,
                memoryMiB,
                s.accelerator(),
                s.kernel(),
                s.disks(),
                s.serialLog(),
                s.nics(),
                s.cdrom());
    }

    /** The guest powers off at once (libvirt's SHUTDOWN, then STOPPED event), unless guests ignore the button. */
    @Override
    public synchronized void shutdown(String domainName) {
        call("shutdown", domainName);
        var d = running(domainName);
        if (guestsHonourShutdown) {
            d.state = DomainState.SHUTTING_DOWN;
            emit(domainName, DomainState.SHUTTING_DOWN, "Shutdown");
            stop(domainName, d, "Shutdown");
        }
    }

    @Override
    public synchronized void reboot(String domainName) {
        call("reboot", domainName);
        running(domainName); // the same run goes on: no lifecycle event
    }

    @Override
    public synchronized void destroy(String domainName) {
        call("destroy", domainName);
        var d = domains.get(domainName);
        if (d != null && d.state != DomainState.SHUT_OFF) {
            stop(domainName, d, "Destroyed");
        }
    }

    /** A running domain is left running, transient, until it stops (as libvirt does). */
    @Override
    public synchronized void undefine(String domainName) {
        call("undefine", domainName);
        var d = domains.get(domainName);
        if (d == null) {
            return;
        }
        if (d.state == DomainState.SHUT_OFF) {
            domains.remove(domainName);
            emit(domainName, null, "Undefined");
        } else {
            d.persistent = false;
        }
    }

    @Override
    public synchronized Optional<DomainState> state(String domainName) {
        call("state", domainName);
        return Optional.ofNullable(domains.get(domainName)).map(d -> d.state);
    }

    @Override
    public synchronized List<DomainSummary> listDomains() {
        call("listDomains");
        return domains.values().stream()
                .filter(d -> d.spec.name().startsWith("vireo-"))
                .map(d -> new DomainSummary(d.spec.name(), d.spec.machineId(), d.spec.tenantId(), d.state))
                .toList();
    }

    @Override
    public synchronized Optional<VncEndpoint> vncEndpoint(String domainName) {
        call("vncEndpoint", domainName);
        var d = domains.get(domainName);
        return d == null || d.state != DomainState.RUNNING
                ? Optional.empty()
                : Optional.of(new VncEndpoint("/run/libvirt/qemu/domain-" + d.run + "-" + domainName + "/vnc.sock"));
    }

    @Override
    public synchronized Optional<String> serialSocket(String domainName) {
        call("serialSocket", domainName);
        var d = domains.get(domainName);
        return d == null || d.state != DomainState.RUNNING
                ? Optional.empty()
                : Optional.of("/run/vireo/serial/" + domainName + "-" + d.run + ".sock");
    }

    @Override
    public synchronized Optional<GuestInfo> guestInfo(String domainName) {
        call("guestInfo", domainName);
        return agentOf(domainName);
    }

    @Override
    public synchronized void setUserPassword(String domainName, String user, String password) {
        call("setUserPassword", domainName, user);
        if (agentOf(domainName).isEmpty()) {
            throw failure("Guest agent is not responding");
        }
        passwords.put(domainName + "/" + user, password);
    }

    /** {@code eth0}, {@code eth1}, … by the interface's position in the definition. */
    @Override
    public synchronized Optional<String> guestInterfaceName(String domainName, String mac) {
        call("guestInterfaceName", domainName, mac);
        if (agentOf(domainName).isEmpty()) {
            return Optional.empty();
        }
        var nics = domain(domainName).spec.nics();
        for (int i = 0; i < nics.size(); i++) {
            if (mac.equals(nics.get(i).mac())) {
                return Optional.of("eth" + i);
            }
        }
        return Optional.empty();
    }

    /** Records the command; it exits with 0. */
    @Override
    public synchronized OptionalInt guestExec(String domainName, List<String> argv) {
        call("guestExec", domainName, argv);
        if (agentOf(domainName).isEmpty()) {
            return OptionalInt.empty();
        }
        execs.computeIfAbsent(domainName, k -> new ArrayList<>()).add(List.copyOf(argv));
        return OptionalInt.of(0);
    }

    /** Backup volumes by pool name and volume name: the base volume's name (null for a whole one). */
    private final Map<String, Map<String, String>> backups = new HashMap<>();

    private final Map<String, List<String>> checkpoints = new HashMap<>();

    @Override
    public synchronized BackupWritten backupDisk(
            String domainName, BackupPool pool, String volume, String checkpoint, Base base) {
        call("backupDisk", domainName, pool, volume, checkpoint, base);
        var d = domain(domainName);
        var inPool = backups.computeIfAbsent(pool.poolName(), k -> new LinkedHashMap<>());
        boolean live = d.state == DomainState.RUNNING;
        if (live && base != null && !inPool.containsKey(base.volume())) {
            throw new HypervisorException("no backup volume " + base.volume(), null);
        }
        inPool.put(volume, live && base != null ? base.volume() : null);
        if (live) {
            checkpoints.computeIfAbsent(domainName, k -> new ArrayList<>()).add(checkpoint);
        }
        return new BackupWritten(live, live, false, 1L << 20);
    }

    @Override
    public synchronized Path restoreDisk(BackupPool pool, String volume, String target) {
        call("restoreDisk", pool, volume, target);
        if (!backups.getOrDefault(pool.poolName(), Map.of()).containsKey(volume)) {
            throw new HypervisorException("no backup volume " + volume, null);
        }
        return add(new Volume(target, 1, null, null));
    }

    @Override
    public synchronized void deleteBackup(BackupPool pool, String volume) {
        call("deleteBackup", pool, volume);
        backups.getOrDefault(pool.poolName(), new HashMap<>()).remove(volume);
    }

    @Override
    public synchronized long backupBytes(BackupPool pool, String volume) {
        call("backupBytes", pool, volume);
        return backups.getOrDefault(pool.poolName(), Map.of()).containsKey(volume) ? 1L << 20 : 0;
    }

    @Override
    public synchronized List<String> checkpoints(String domainName) {
        call("checkpoints", domainName);
        return List.copyOf(checkpoints.getOrDefault(domainName, List.of()));
    }

    @Override
    public synchronized void deleteCheckpoint(String domainName, String checkpoint) {
        call("deleteCheckpoint", domainName, checkpoint);
        checkpoints.getOrDefault(domainName, new ArrayList<>()).remove(checkpoint);
    }

    @Override
    public synchronized String diskVolume(String domainName) {
        call("diskVolume", domainName);
        var chain = domain(domainName).chain;
        if (chain.isEmpty()) {
            throw failure("domain " + domainName + " has no disk");
        }
        return chain.get(chain.size() - 1);
    }

    @Override
    public synchronized String snapshotDisk(String domainName, String overlayVolume) {
        call("snapshotDisk", domainName, overlayVolume);
        var d = domain(domainName);
        String frozen = d.chain.get(d.chain.size() - 1);
        add(new Volume(overlayVolume, volumes.get(frozen).sizeGiB(), POOL.resolve(frozen), null));
        d.chain.add(overlayVolume);
        return frozen;
    }

    /** The short paused run libvirt needs for a shut-off domain's merge is not reported. */
    @Override
    public synchronized void mergeDisk(String domainName, String baseVolume, String topVolume) {
        call("mergeDisk", domainName, baseVolume, topVolume);
        var chain = domain(domainName).chain;
        int top = chain.indexOf(topVolume);
        if (top < 1 || !chain.get(top - 1).equals(baseVolume)) {
            throw failure(topVolume + " is not directly above " + baseVolume + " in the chain of " + domainName);
        }
        chain.remove(top);
        volumes.remove(topVolume);
    }

    @Override
    public synchronized void resetDisk(String domainName, String baseVolume, String overlayVolume, int sizeGiB) {
        call("resetDisk", domainName, baseVolume, overlayVolume, sizeGiB);
        var d = stopped(domainName);
        add(new Volume(overlayVolume, sizeGiB, POOL.resolve(baseVolume), null));
        int base = d.chain.indexOf(baseVolume);
        var kept = base < 0 ? List.of(baseVolume) : List.copyOf(d.chain.subList(0, base + 1));
        d.chain.clear();
        d.chain.addAll(kept);
        d.chain.add(overlayVolume);
    }

    @Override
    public synchronized Optional<DomainStats> stats(String domainName) {
        call("stats", domainName);
        var d = domains.get(domainName);
        if (d == null || d.state != DomainState.RUNNING) {
            return Optional.empty();
        }
        var interfaces = d.spec.nics().stream()
                .map(n -> new InterfaceCounters(n.mac(), 0, 0, d.limits.containsKey(n.mac())))
                .toList();
        long maxKiB = d.spec.memoryMiB() * 1024L;
        return Optional.of(
                new DomainStats(System.nanoTime(), d.spec.vcpus(), 0, maxKiB, maxKiB, 0, 0, 0, 0, d.run, interfaces));
    }

    /** The interfaces' configured addresses while the domain runs. */
    @Override
    public synchronized List<String> addresses(String domainName) {
        call("addresses", domainName);
        var d = domains.get(domainName);
        return d == null || d.state != DomainState.RUNNING
                ? List.of()
                : d.spec.nics().stream()
                        .map(DomainSpec.Nic::ipv4)
                        .filter(Objects::nonNull)
                        .toList();
    }

    /** Only to another {@link FakeHypervisor}: copies the disks, runs it there, and it is gone here. */
    @Override
    public void migrateLive(String domainName, Hypervisor target, String migrationAddress, List<String> disks) {
        FakeHypervisor there;
        Domain d;
        List<Volume> copies;
        synchronized (this) {
            call("migrateLive", domainName, target, migrationAddress, disks);
            d = running(domainName);
            there = (FakeHypervisor) target;
            copies = disks.stream().map(volumes::get).toList();
        }
        there.arrive(d, copies, DomainState.RUNNING);
        synchronized (this) {
            domains.remove(domainName);
            emit(domainName, DomainState.SHUT_OFF, "Migrated");
            emit(domainName, null, "Undefined");
        }
    }

    @Override
    public void moveStopped(String domainName, Hypervisor target, List<String> volumeNames) {
        FakeHypervisor there;
        Domain d;
        List<Volume> copies;
        synchronized (this) {
            call("moveStopped", domainName, target, volumeNames);
            d = stopped(domainName);
            there = (FakeHypervisor) target;
            copies = volumeNames.stream().map(volumes::get).toList();
        }
        there.arrive(d, copies, DomainState.SHUT_OFF);
        synchronized (this) {
            domains.remove(domainName);
            emit(domainName, null, "Undefined");
        }
    }

    @Override
    public synchronized Optional<MigrationProgress> migrationProgress(String domainName) {
        call("migrationProgress", domainName);
        return Optional.ofNullable(migrations.get(domainName));
    }

    @Override
    public synchronized void abortMigration(String domainName) {
        call("abortMigration", domainName);
        migrations.remove(domainName);
    }

    @Override
    public synchronized InterfaceLimits interfaceLimits() {
        call("interfaceLimits");
        return interfaceLimits;
    }

    @Override
    public synchronized void limitInterface(String domainName, String mac, Integer kilobytesPerSecond) {
        call("limitInterface", domainName, mac, kilobytesPerSecond);
        var d = domains.get(domainName);
        if (d == null
                || d.state != DomainState.RUNNING
                || d.spec.nics().stream().noneMatch(n -> mac.equals(n.mac()))) {
            return;
        }
        if (kilobytesPerSecond == null) {
            d.limits.remove(mac);
        } else {
            d.limits.put(mac, kilobytesPerSecond);
        }
    }

    @Override
    public void addListener(HypervisorListener listener) {
        listeners.add(listener);
    }

    // ---- inside

    /** Counts and records the call, then throws the first scripted failure that picks it. */
    private void call(String operation, Object... args) {
        int n = counts.merge(operation, 1, Integer::sum);
        var c = new Call(operation, n, Arrays.asList(args));
        calls.add(c);
        for (var it = failures.iterator(); it.hasNext(); ) {
            var f = it.next();
            if (f.when().test(c)) {
                if (f.once()) {
                    it.remove();
                }
                throw f.failure();
            }
        }
    }

    private synchronized void arrive(Domain from, List<Volume> copies, DomainState state) {
        if (domains.containsKey(from.spec.name())) {
            throw failure("domain " + from.spec.name() + " already exists on " + hostname);
        }
        copies.stream().filter(Objects::nonNull).forEach(v -> volumes.put(v.name(), v));
        var d = new Domain(from.spec);
        d.chain.addAll(from.chain);
        d.rescue = from.rescue;
        d.iso = from.iso;
        d.state = state;
        d.run = state == DomainState.RUNNING ? 1 : 0;
        domains.put(from.spec.name(), d);
        if (state == DomainState.RUNNING) {
            emit(from.spec.name(), state, "Resumed");
        }
    }

    private Path add(Volume v) {
        if (volumes.containsKey(v.name())) {
            throw failure("storage volume '" + v.name() + "' exists already");
        }
        if (poolAvailableBytes < 1L << 20) {
            throw failure("cannot create volume '" + v.name() + "': No space left on device");
        }
        volumes.put(v.name(), v);
        return POOL.resolve(v.name());
    }

    private Domain domain(String domainName) {
        var d = domains.get(domainName);
        if (d == null) {
            throw failure("Domain not found: no domain with matching name '" + domainName + "'");
        }
        return d;
    }

    private Domain running(String domainName) {
        var d = domain(domainName);
        if (d.state == DomainState.SHUT_OFF) {
            throw failure("Requested operation is not valid: domain is not running");
        }
        return d;
    }

    private Domain stopped(String domainName) {
        var d = domain(domainName);
        if (d.state != DomainState.SHUT_OFF) {
            throw failure("domain " + domainName + " is running");
        }
        return d;
    }

    /** Powers the domain off; a transient (undefined while it ran) one is gone then. */
    private void stop(String domainName, Domain d, String reason) {
        d.state = DomainState.SHUT_OFF;
        d.limits.clear();
        emit(domainName, DomainState.SHUT_OFF, reason);
        if (!d.persistent) {
            domains.remove(domainName);
            emit(domainName, null, "Undefined");
        }
    }

    private boolean usedByRunningDomain(String networkName) {
        return domains.values().stream()
                .filter(d -> d.state != DomainState.SHUT_OFF)
                .anyMatch(d -> d.spec.nics().stream().anyMatch(n -> networkName.equals(n.network())));
    }

    private Optional<GuestInfo> agentOf(String domainName) {
        var d = domains.get(domainName);
        return d == null || d.state != DomainState.RUNNING
                ? Optional.empty()
                : Optional.ofNullable(agents.get(domainName));
    }

    private void emit(String domainName, DomainState state, String reason) {
        var e = new DomainLifecycleEvent(domainName, state, reason);
        events.add(e);
        listeners.forEach(l -> l.onDomainEvent(e));
    }

    private static DomainSpec withNics(DomainSpec s, List<DomainSpec.Nic> nics) {
        return new DomainSpec(
                s.name(),
                s.machineId(),
                s.tenantId(),
                s.vcpus(),
                s.memoryMiB(),
                s.accelerator(),
                s.kernel(),
                s.disks(),
                s.serialLog(),
                nics,
                s.cdrom());
    }
}
