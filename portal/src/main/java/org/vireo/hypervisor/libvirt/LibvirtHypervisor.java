package org.vireo.hypervisor.libvirt;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleConsumer;
import org.libvirt.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.DomainStats;
import org.vireo.hypervisor.DomainSummary;
import org.vireo.hypervisor.FirewallSpec;
import org.vireo.hypervisor.GuestInfo;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.HypervisorListener;
import org.vireo.hypervisor.InterfaceLimits;
import org.vireo.hypervisor.MigrationProgress;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.hypervisor.PoolInfo;
import org.vireo.hypervisor.VncEndpoint;

/**
 * {@link Hypervisor} over libvirt-java: one host's {@link LibvirtSession} (its connection, watchdog and events) and
 * a class per role on it ({@link LibvirtStorage}, {@link LibvirtNetworks}, {@link LibvirtDomains},
 * {@link LibvirtGuestChannel}, {@link LibvirtDiskSnapshots}, {@link LibvirtDiskBackups}, {@link LibvirtMetrics},
 * {@link LibvirtMigrations}). This class only hands each call to its role (decision 012).
 */
public class LibvirtHypervisor implements Hypervisor, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LibvirtHypervisor.class);

    private final String uri;
    private final LibvirtSession session;
    private final Accelerator accelerator;
    private final String acceleratorSource;
    private final LibvirtStorage storage;
    private final LibvirtNetworks networks;
    private final LibvirtDomains domains;
    private final LibvirtGuestChannel guests;
    private final LibvirtDiskSnapshots snapshots;
    private final LibvirtDiskBackups backups;
    private final LibvirtMetrics metrics;
    private final LibvirtMigrations migrations;
    private final LibvirtBandwidth bandwidth;

    /**
     * A connection to {@code uri}; {@code accelerator} blank: the one {@code scripts/setup-host} recorded in
     * {@code home/accelerator} (TCG when none).
     */
    public LibvirtHypervisor(String uri, String accelerator, Path home, String poolName, Path poolDir) {
        this.uri = uri;
        var chosen = ChosenAccelerator.of(accelerator, home);
        this.accelerator = chosen.accelerator();
        this.acceleratorSource = chosen.source();
        log.info("hypervisor {} with accelerator {} (from {})", uri, this.accelerator, acceleratorSource);
        this.session = new LibvirtSession(uri);
        this.storage = new LibvirtStorage(
                session, uri, poolName, poolDir.toAbsolutePath().normalize());
        this.networks = new LibvirtNetworks(session);
        this.domains = new LibvirtDomains(session);
        this.guests = new LibvirtGuestChannel(session);
        this.snapshots = new LibvirtDiskSnapshots(session, storage);
        this.backups = new LibvirtDiskBackups(session, storage);
        this.bandwidth = new LibvirtBandwidth(session);
        this.metrics = new LibvirtMetrics(
                session, () -> bandwidth.interfaceLimits().by() == InterfaceLimits.Mechanism.HOST_AGENT);
        this.migrations = new LibvirtMigrations(session, storage);
    }

    /** For tests and tools: the default pool under {@code home/disks}. */
    public LibvirtHypervisor(String uri, String accelerator, Path home) {
        this(uri, accelerator, home, "vireo", home.resolve("disks"));
    }

    /** Hears the host's lifecycle events and reconnects (on a Vireo thread). */
    @Override
    public void addListener(HypervisorListener listener) {
        session.addListener(listener);
    }

    @Override
    public HostInfo hostInfo() {
        return session.call(c -> {
            var node = c.nodeInfo();
            return new HostInfo(
                    uri,
                    c.getType(),
                    version(c.getVersion()),
                    version(c.getLibVirVersion()),
                    c.getHostName(),
                    node.model,
                    node.cpus,
                    node.memory / 1024,
                    accelerator,
                    acceleratorSource);
        });
    }

    @Override
    public Accelerator accelerator() {
        return accelerator;
    }

    static String version(long v) {
        return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
    }

    @Override
    public void destroy() {
        session.destroy();
    }

    LibvirtStorage storage() {
        return storage;
    }

    /** The host's connection, for a migration that this portal drives between two hosts. */
    Connect connection() {
        return session.connection();
    }

    // --- storage ----------------------------------------------------------------------------------------------

    @Override
    public Path createDisk(String volumeName, Path backingImage, String backingFormat, int sizeGiB) {
        return storage.createDisk(volumeName, backingImage, backingFormat, sizeGiB);
    }

    @Override
    public Path createSeed(String volumeName, String metaData, String userData, String networkConfig) {
        return storage.createSeed(volumeName, metaData, userData, networkConfig);
    }

    @Override
    public Map<String, byte[]> readSeed(String volumeName) {
        return storage.readSeed(volumeName);
    }

    @Override
    public Path copyToPool(String volumeName, Path source, DoubleConsumer progress) {
        return storage.copyToPool(volumeName, source, progress);
    }

    @Override
    public void deleteDisk(String volumeName) {
        storage.deleteDisk(volumeName);
    }

    @Override
    public boolean diskExists(String volumeName) {
        return storage.diskExists(volumeName);
    }

    @Override
    public void growDisk(String volumeName, int sizeGiB) {
        storage.growDisk(volumeName, sizeGiB);
    }

    @Override
    public List<String> volumes(String prefix) {
        return storage.volumes(prefix);
    }

    @Override
    public PoolInfo poolInfo() {
        return storage.poolInfo();
    }

    // --- networks ---------------------------------------------------------------------------------------------

    @Override
    public boolean ensureNetwork(NetworkSpec spec) {
        return networks.ensureNetwork(spec);
    }

    @Override
    public boolean deleteNetworkIfUnused(String networkName) {
        return networks.deleteNetworkIfUnused(networkName);
    }

    @Override
    public Optional<String> interfaceMac(String domainName, String networkName) {
        return networks.interfaceMac(domainName, networkName);
    }

    @Override
    public void reserveAddress(String networkName, String mac, String ipv4, String hostName) {
        networks.reserveAddress(networkName, mac, ipv4, hostName);
    }

    @Override
    public void releaseAddress(String networkName, String mac, String ipv4) {
        networks.releaseAddress(networkName, mac, ipv4);
    }

    @Override
    public void deleteNetwork(String networkName) {
        networks.deleteNetwork(networkName);
    }

    @Override
    public void defineFirewall(FirewallSpec spec) {
        networks.defineFirewall(spec);
    }

    @Override
    public List<String> ensureBaseFilters() {
        return networks.ensureBaseFilters();
    }

    @Override
    public void deleteFirewall(String filterName) {
        networks.deleteFirewall(filterName);
    }

    // --- domains ----------------------------------------------------------------------------------------------

    @Override
    public String define(DomainSpec spec) {
        return domains.define(spec);
    }

    @Override
    public void start(String domainName) {
        domains.start(domainName);
    }

    @Override
    public void setRescue(String domainName, DomainSpec.KernelBoot rescue) {
        domains.setRescue(domainName, rescue);
    }

    @Override
    public void attachInterface(String domainName, DomainSpec.Nic nic) {
        domains.attachInterface(domainName, nic);
    }

    @Override
    public void updateInterface(String domainName, DomainSpec.Nic nic) {
        domains.updateInterface(domainName, nic);
    }

    @Override
    public void detachInterface(String domainName, String mac) {
        domains.detachInterface(domainName, mac);
    }

    @Override
    public void setIso(String domainName, Path iso) {
        domains.setIso(domainName, iso);
    }

    @Override
    public void resize(String domainName, int vcpus, int memoryMiB) {
        domains.resize(domainName, vcpus, memoryMiB);
    }

    @Override
    public void shutdown(String domainName) {
        domains.shutdown(domainName);
    }

    @Override
    public void reboot(String domainName) {
        domains.reboot(domainName);
    }

    @Override
    public void destroy(String domainName) {
        domains.destroy(domainName);
    }

    @Override
    public void undefine(String domainName) {
        domains.undefine(domainName);
    }

    @Override
    public Optional<DomainState> state(String domainName) {
        return domains.state(domainName);
    }

    @Override
    public List<DomainSummary> listDomains() {
        return domains.listDomains();
    }

    @Override
    public Optional<VncEndpoint> vncEndpoint(String domainName) {
        return domains.vncEndpoint(domainName);
    }

    @Override
    public Optional<String> serialSocket(String domainName) {
        return domains.serialSocket(domainName);
    }

    // --- guest agent ------------------------------------------------------------------------------------------

    @Override
    public Optional<GuestInfo> guestInfo(String domainName) {
        return guests.guestInfo(domainName);
    }

    @Override
    public void setUserPassword(String domainName, String user, String password) {
        guests.setUserPassword(domainName, user, password);
    }

    @Override
    public Optional<String> guestInterfaceName(String domainName, String mac) {
        return guests.guestInterfaceName(domainName, mac);
    }

    @Override
    public OptionalInt guestExec(String domainName, List<String> argv) {
        return guests.guestExec(domainName, argv);
    }

    // --- disk snapshots ---------------------------------------------------------------------------------------

    @Override
    public String diskVolume(String domainName) {
        return snapshots.diskVolume(domainName);
    }

    @Override
    public String snapshotDisk(String domainName, String overlayVolume) {
        return snapshots.snapshotDisk(domainName, overlayVolume);
    }

    @Override
    public BackupWritten backupDisk(String domainName, BackupPool pool, String volume, String checkpoint, Base base) {
        return backups.backupDisk(domainName, pool, volume, checkpoint, base);
    }

    @Override
    public Path restoreDisk(BackupPool pool, String volume, String target) {
        return backups.restoreDisk(pool, volume, target);
    }

    @Override
    public void deleteBackup(BackupPool pool, String volume) {
        backups.deleteBackup(pool, volume);
    }

    @Override
    public long backupBytes(BackupPool pool, String volume) {
        return backups.backupBytes(pool, volume);
    }

    @Override
    public List<String> checkpoints(String domainName) {
        return backups.checkpoints(domainName);
    }

    @Override
    public void deleteCheckpoint(String domainName, String checkpoint) {
        backups.deleteCheckpoint(domainName, checkpoint);
    }

    @Override
    public void mergeDisk(String domainName, String baseVolume, String topVolume) {
        snapshots.mergeDisk(domainName, baseVolume, topVolume);
    }

    @Override
    public void resetDisk(String domainName, String baseVolume, String overlayVolume, int sizeGiB) {
        snapshots.resetDisk(domainName, baseVolume, overlayVolume, sizeGiB);
    }

    // --- metrics ----------------------------------------------------------------------------------------------

    @Override
    public InterfaceLimits interfaceLimits() {
        return bandwidth.interfaceLimits();
    }

    @Override
    public void limitInterface(String domainName, String mac, Integer kilobytesPerSecond) {
        bandwidth.limitInterface(domainName, mac, kilobytesPerSecond);
    }

    @Override
    public Optional<DomainStats> stats(String domainName) {
        return metrics.stats(domainName);
    }

    @Override
    public List<String> addresses(String domainName) {
        return metrics.addresses(domainName);
    }

    // --- migrations -------------------------------------------------------------------------------------------

    @Override
    public void migrateLive(String domainName, Hypervisor target, String migrationAddress, List<String> disks) {
        migrations.migrateLive(domainName, target, migrationAddress, disks);
    }

    @Override
    public void moveStopped(String domainName, Hypervisor target, List<String> volumes) {
        migrations.moveStopped(domainName, target, volumes);
    }

    @Override
    public Optional<MigrationProgress> migrationProgress(String domainName) {
        return migrations.migrationProgress(domainName);
    }

    @Override
    public void abortMigration(String domainName) {
        migrations.abortMigration(domainName);
    }
}
