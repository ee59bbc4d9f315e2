package org.vireo.hypervisor.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.vireo.hypervisor.Accelerator;
import org.vireo.hypervisor.DomainSpec;
import org.vireo.hypervisor.DomainState;
import org.vireo.hypervisor.DomainStats;
import org.vireo.hypervisor.PoolInfo;
import org.vireo.hypervisor.DomainSummary;
import org.vireo.hypervisor.HostInfo;
import org.vireo.hypervisor.Hypervisor;
import org.vireo.hypervisor.GuestInfo;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.HypervisorListener;
import org.vireo.hypervisor.FirewallSpec;
import org.vireo.hypervisor.NetworkSpec;
import org.vireo.hypervisor.SpecValues;
import org.vireo.hypervisor.VncEndpoint;
import org.vireo.base.Xml;

/**
 * {@link Hypervisor} over libvirt-java, on one host's {@link LibvirtSession} (its connection, watchdog and events).
 * Domains defined by older releases are brought up to date before they start ({@link LegacyDomains}).
 */
public class LibvirtHypervisor implements Hypervisor, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LibvirtHypervisor.class);
    private static final int METADATA_ELEMENT = 2; // VIR_DOMAIN_METADATA_ELEMENT
    private static final int INACTIVE_XML = 2; // VIR_DOMAIN_XML_INACTIVE
    private static final int NETWORK_INACTIVE_XML = 1; // VIR_NETWORK_XML_INACTIVE
    /** Per network: its DHCP reservations are checked and changed one at a time. */
    private final java.util.Map<String, Object> networkLocks = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Object> copyLocks = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int AFFECT_LIVE = 1; // VIR_DOMAIN_AFFECT_LIVE
    private static final int AFFECT_CONFIG = 2; // VIR_DOMAIN_AFFECT_CONFIG
    private static final long MAX_SEED = 16L << 20;

    private final String uri;
    private final LibvirtSession session;
    private final Accelerator accelerator;
    private final String acceleratorSource;
    private final String poolName;
    private final Path poolDir;
    private static final int AGENT_TIMEOUT_SECONDS = 3;
    private static final com.fasterxml.jackson.databind.ObjectMapper AGENT_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    /** The connection the pool was made sure of on (a new connection checks it again). */
    private Connect poolCheckedOn;
    /** Where the pool keeps its volumes on the host, as libvirt says (an existing pool may be elsewhere). */
    private volatile Path poolPath;

    /**
     * A connection to {@code uri}; {@code accelerator} blank: the one {@code scripts/setup-host} recorded in
     * {@code home/accelerator} (TCG when none).
     */
    public LibvirtHypervisor(String uri, String accelerator, Path home, String poolName, Path poolDir) {
        this.uri = uri;
        this.poolName = poolName;
        this.poolDir = poolDir.toAbsolutePath().normalize();
        var chosen = ChosenAccelerator.of(accelerator, home);
        this.accelerator = chosen.accelerator();
        this.acceleratorSource = chosen.source();
        log.info("hypervisor {} with accelerator {} (from {})", uri, this.accelerator, acceleratorSource);
        this.session = new LibvirtSession(uri);
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

    // --- host -------------------------------------------------------------------------------------------------

    @Override
    public HostInfo hostInfo() {
        return call(c -> {
            var node = c.nodeInfo();
            return new HostInfo(uri, c.getType(), version(c.getVersion()), version(c.getLibVirVersion()),
                    c.getHostName(), node.model, node.cpus, node.memory / 1024, accelerator, acceleratorSource);
        });
    }

    @Override
    public Accelerator accelerator() {
        return accelerator;
    }

    // --- storage ----------------------------------------------------------------------------------------------

    private synchronized StoragePool pool(Connect c) throws LibvirtException {
        StoragePool pool;
        try {
            pool = c.storagePoolLookupByName(poolName);
        } catch (LibvirtException e) {
            if (!is(e, ErrorNumber.VIR_ERR_NO_STORAGE_POOL)) {
                throw e;
            }
            pool = c.storagePoolDefineXML(StorageXml.directoryPool(poolName, poolDir), 0);
            pool.build(0);
            pool.setAutostart(1);
            log.info("defined storage pool {} at {}", poolName, poolDir);
        }
        if (pool.isActive() != 1) {
            pool.create(0);
        }
        if (poolCheckedOn != c) {
            pool.refresh(0);
            try {
                var target = (String) XPathFactory.newInstance().newXPath().evaluate("/pool/target/path",
                        Xml.parse(pool.getXMLDesc(0)), XPathConstants.STRING);
                poolPath = target == null || target.isBlank() ? poolDir : Path.of(target).normalize();
            } catch (XPathExpressionException e) {
                poolPath = poolDir;
            }
            poolCheckedOn = c;
        }
        return pool;
    }

    /** The pool's directory on the host (after {@link #pool} has run on this connection). */
    private Path poolPath(Connect c) throws LibvirtException {
        pool(c);
        return poolPath;
    }

    @Override
    public Path createDisk(String volumeName, Path backingImage, String backingFormat, int sizeGiB) {
        String xml = StorageXml.qcow2Volume(volumeName, sizeGiB, backingImage,
                backingFormat == null ? "qcow2" : backingFormat);
        return call(c -> Path.of(pool(c).storageVolCreateXML(xml, 0).getPath()));
    }

    /** Written on the portal in memory ({@link SeedIso}) and uploaded into the host's pool. */
    @Override
    public Path createSeed(String volumeName, String metaData, String userData, String networkConfig) {
        SpecValues.check(SpecValues.VOLUME_NAME, volumeName, "volume name");
        var files = new java.util.LinkedHashMap<String, byte[]>();
        files.put("meta-data", metaData.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("user-data", userData.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (networkConfig != null) {
            files.put("network-config", networkConfig.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] image = SeedIso.write(files, java.time.Instant.now());
        deleteDisk(volumeName); // a seed is made afresh for each machine
        return upload(volumeName, image.length, () -> new java.io.ByteArrayInputStream(image), share -> { });
    }

    @Override
    public Map<String, byte[]> readSeed(String volumeName) {
        SpecValues.check(SpecValues.VOLUME_NAME, volumeName, "volume name");
        byte[] image = call(c -> {
            var vol = pool(c).storageVolLookupByName(volumeName);
            long size = vol.getInfo().capacity;
            if (size > MAX_SEED) {
                throw new HypervisorException("volume " + volumeName + " is no seed", null);
            }
            var stream = c.streamNew(0);
            try {
                vol.download(stream, 0, size, 0);
                var out = new java.io.ByteArrayOutputStream((int) size);
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = stream.receive(buffer)) > 0 && out.size() <= MAX_SEED) {
                    out.write(buffer, 0, n);
                }
                stream.finish();
                return out.toByteArray();
            } catch (LibvirtException | RuntimeException e) {
                try {
                    stream.abort();
                } catch (LibvirtException ignored) {
                    // the stream is gone already
                }
                throw e;
            } finally {
                stream.free();
            }
        });
        try {
            return SeedIso.read(image);
        } catch (IllegalArgumentException e) {
            throw new HypervisorException("volume " + volumeName + " is no seed Vireo wrote", e);
        }
    }

    @Override
    public Path copyToPool(String volumeName, Path source, java.util.function.DoubleConsumer progress) {
        String name;
        long size;
        try {
            name = ContentNames.of(volumeName, source);
            size = Files.size(source);
        } catch (IOException e) {
            throw new HypervisorException("cannot read " + source + ": " + e.getMessage(), e);
        }
        SpecValues.check(SpecValues.VOLUME_NAME, name, "volume name");
        // A copy counts once its mark (an empty volume beside it) is written after the last byte: a copy without
        // one was cut off (a portal killed mid-upload) and is made again, not used truncated. Copies in this
        // process wait for each other; another portal node copying the same file to the same host at the same
        // moment may find the copy unmarked and start it again (the other's copy then fails and is retried).
        String mark = name + ".ok";
        synchronized (copyLocks.computeIfAbsent(name, k -> new Object())) {
            Path done = call(c -> {
                var vol = volume(c, name);
                var marked = volume(c, mark);
                if (vol != null && marked != null) {
                    return Path.of(vol.getPath());
                }
                if (vol != null) {
                    log.warn("copy {} on {} was not finished: copying it again", name, uri);
                    vol.delete(0);
                }
                if (marked != null) {
                    marked.delete(0);
                }
                return null;
            });
            if (done != null) {
                return done;
            }
            Path copy = upload(name, size, () -> Files.newInputStream(source), progress);
            call(c -> pool(c).storageVolCreateXML(StorageXml.rawVolume(mark, 0), 0));
            return copy;
        }
    }

    @FunctionalInterface
    interface Source {
        java.io.InputStream open() throws IOException;
    }

    /** Streams {@code size} bytes into a new raw volume, unless the volume exists already; returns its path. */
    private Path upload(String volumeName, long size, Source source, java.util.function.DoubleConsumer progress) {
        SpecValues.check(SpecValues.VOLUME_NAME, volumeName, "volume name");
        return call(c -> {
            var existing = volume(c, volumeName);
            if (existing != null) {
                return Path.of(existing.getPath());
            }
            var vol = pool(c).storageVolCreateXML(StorageXml.rawVolume(volumeName, size), 0);
            var stream = c.streamNew(0);
            try (var in = source.open()) {
                vol.upload(stream, 0, size, 0);
                byte[] buffer = new byte[1 << 20];
                long sent = 0;
                int n;
                while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                    byte[] chunk = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
                    int done = 0;
                    while (done < n) {
                        int s = stream.send(done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, n));
                        if (s <= 0) {
                            throw new HypervisorException("upload of " + volumeName + " stalled", null);
                        }
                        done += s;
                    }
                    sent += n;
                    progress.accept(size == 0 ? 1 : (double) sent / size);
                }
                stream.finish();
            } catch (IOException | LibvirtException | RuntimeException e) {
                try {
                    stream.abort();
                } catch (LibvirtException ignored) {
                    // the stream is gone already
                }
                vol.delete(0);
                if (e instanceof LibvirtException le) {
                    throw le;
                }
                throw new HypervisorException("upload of " + volumeName + " failed: " + e.getMessage(), e);
            } finally {
                stream.free();
            }
            progress.accept(1);
            return Path.of(vol.getPath());
        });
    }

    /**
     * Lets libvirt see files that appeared or vanished behind its back. libvirt refuses while a volume is being
     * built in the pool (a parallel create); then the last known state has to do.
     */
    private static void refreshQuietly(StoragePool pool) {
        try {
            pool.refresh(0);
        } catch (LibvirtException e) {
            log.debug("pool not refreshed: {}", e.getMessage());
        }
    }

    @Override
    public void deleteDisk(String volumeName) {
        call(c -> {
            StorageVol vol = volume(c, volumeName);
            if (vol != null) {
                vol.delete(0);
            }
            return null;
        });
    }

    @Override
    public void growDisk(String volumeName, int sizeGiB) {
        call(c -> {
            StorageVol vol = volume(c, volumeName);
            if (vol == null) {
                throw new HypervisorException("no volume " + volumeName, null);
            }
            long bytes = (long) sizeGiB << 30;
            if (vol.getInfo().capacity < bytes) {
                vol.resize(bytes, 0);
            }
            return null;
        });
    }

    @Override
    public boolean diskExists(String volumeName) {
        return call(c -> volume(c, volumeName) != null);
    }

    private StorageVol volume(Connect c, String name) throws LibvirtException {
        try {
            return pool(c).storageVolLookupByName(name);
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public List<String> volumes(String prefix) {
        return call(c -> {
            var pool = pool(c);
            refreshQuietly(pool);
            return java.util.Arrays.stream(pool.listVolumes()).filter(n -> n.startsWith(prefix)).sorted().toList();
        });
    }

    @Override
    public PoolInfo poolInfo() {
        return call(c -> {
            var pool = pool(c);
            refreshQuietly(pool); // free space changes behind libvirt's back (other files on the same file system)
            var info = pool.getInfo();
            return new PoolInfo(poolName, info.capacity, info.allocation, info.available);
        });
    }

    // --- networks ---------------------------------------------------------------------------------------------

    /**
     * Synchronized against this node's parallel creates; a definition or start that loses a race with another
     * node ("already exists", "already active") is accepted when the network turns out to be there.
     */
    @Override
    public synchronized boolean ensureNetwork(NetworkSpec spec) {
        String xml = NetworkXml.of(spec);
        String networkName = spec.name();
        return call(c -> {
            org.libvirt.Network net = network(c, networkName);
            boolean made = false;
            if (net != null && !NetworkXml.shape(net.getXMLDesc(NETWORK_INACTIVE_XML)).equals(NetworkXml.shape(xml))) {
                if (domainUses(c, networkName, false)) {
                    log.info("network {} differs from its host's mode ({}); kept while running machines use it",
                            networkName, spec.mode().wire());
                } else {
                    log.info("network {} made again as its host's mode says ({}, {})", networkName,
                            spec.mode().wire(), spec.subnet());
                    if (net.isActive() == 1) {
                        net.destroy();
                    }
                    net.undefine();
                    net = null;
                }
            }
            if (net == null) {
                try {
                    net = c.networkDefineXML(xml);
                    net.setAutostart(true);
                    made = true;
                    log.info("defined network {} (bridge {}, {}, {})", networkName, spec.bridge(),
                            spec.mode().wire(), spec.subnet());
                } catch (LibvirtException e) {
                    net = network(c, networkName);
                    if (net == null) {
                        throw e;
                    }
                }
            }
            if (net.isActive() != 1) {
                try {
                    net.create();
                    made = true;
                } catch (LibvirtException e) {
                    if (net.isActive() != 1) {
                        throw e;
                    }
                }
            }
            return made;
        });
    }

    @Override
    public synchronized boolean deleteNetworkIfUnused(String networkName) {
        return call(c -> {
            if (network(c, networkName) == null || domainUses(c, networkName, true)) {
                return false;
            }
            deleteNetwork(networkName);
            log.info("removed network {}: no machine uses it any more", networkName);
            return true;
        });
    }

    /** Whether a running domain (or, with {@code defined}, any domain) has an interface on the network. */
    private static boolean domainUses(Connect c, String networkName, boolean defined) throws LibvirtException {
        var domains = new ArrayList<Domain>();
        for (int id : c.listDomains()) {
            try {
                domains.add(c.domainLookupByID(id));
            } catch (LibvirtException e) {
                // gone meanwhile
            }
        }
        if (defined) {
            for (String name : c.listDefinedDomains()) {
                try {
                    domains.add(c.domainLookupByName(name));
                } catch (LibvirtException e) {
                    // gone meanwhile
                }
            }
        }
        for (Domain d : domains) {
            try {
                if (DomainXml.usesNetwork(d.getXMLDesc(INACTIVE_XML), networkName)
                        || (d.isActive() == 1 && DomainXml.usesNetwork(d.getXMLDesc(0), networkName))) {
                    return true;
                }
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                    throw e;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<String> interfaceMac(String domainName, String networkName) {
        return call(c -> Optional.ofNullable(DomainXml.networkInterfaceMac(
                c.domainLookupByName(domainName).getXMLDesc(INACTIVE_XML), networkName)));
    }

    /** A reservation that is there already (same MAC or address) is replaced, so a retried create converges. */
    @Override
    public void reserveAddress(String networkName, String mac, String ipv4, String hostName) {
        String xml = NetworkXml.dhcpHost(mac, ipv4, hostName);
        // one network's reservations one at a time (a check, then an update); other networks and calls go on
        synchronized (networkLocks.computeIfAbsent(networkName, n -> new Object())) {
            reserve(networkName, mac, ipv4, xml);
        }
    }

    private void reserve(String networkName, String mac, String ipv4, String xml) {
        call(c -> {
            org.libvirt.Network net = network(c, networkName);
            String current = net == null ? null : net.getXMLDesc(0);
            if (current == null || !current.contains("<ip ")) {
                return null; // a layer-2 network: no DHCP server (libvirt drops an empty <dhcp/> from the XML)
            }
            if (NetworkXml.hasDhcpHost(current, mac, ipv4)) {
                return null; // there already: each live update costs libvirt a reload of the network's firewall rules
            }
            boolean active = net.isActive() == 1;
            // an entry that gives this address to another MAC (its static entry, for a machine that kept an older
            // MAC) or this MAC another address goes first
            for (String other : NetworkXml.dhcpHostsHolding(current, mac, ipv4)) {
                NetworkUpdates.update(net, active, NetworkUpdates.DELETE, NetworkUpdates.SECTION_IP_DHCP_HOST, other);
            }
            NetworkUpdates.update(net, active, NetworkUpdates.ADD_LAST, NetworkUpdates.SECTION_IP_DHCP_HOST, xml);
            return null;
        });
    }

    @Override
    public void releaseAddress(String networkName, String mac, String ipv4) {
        String xml = NetworkXml.dhcpHost(mac, ipv4, null);
        synchronized (networkLocks.computeIfAbsent(networkName, n -> new Object())) {
            release(networkName, mac, xml);
        }
    }

    private void release(String networkName, String mac, String xml) {
        call(c -> {
            org.libvirt.Network net = network(c, networkName);
            if (net == null || !net.getXMLDesc(0).contains(mac)) {
                return null;
            }
            NetworkUpdates.update(net, net.isActive() == 1, NetworkUpdates.DELETE,
                    NetworkUpdates.SECTION_IP_DHCP_HOST, xml);
            return null;
        });
    }

    private static org.libvirt.Network network(Connect c, String name) throws LibvirtException {
        try {
            return c.networkLookupByName(name);
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_NETWORK)) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void deleteNetwork(String networkName) {
        call(c -> {
            try {
                var net = c.networkLookupByName(networkName);
                if (net.isActive() == 1) {
                    net.destroy();
                }
                net.undefine();
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_NETWORK)) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public void defineFirewall(FirewallSpec spec) {
        call(c -> {
            // a filter is redefined under its own uuid (else libvirt refuses: "already exists with uuid …")
            String uuid = null;
            try {
                uuid = c.networkFilterLookupByName(spec.name()).getUUIDString();
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_NWFILTER)) {
                    throw e;
                }
            }
            return c.networkFilterDefineXML(FilterXml.of(spec, uuid));
        });
    }

    /** libvirt's clean-traffic and what it refers to, leaves first (resources nwfilter/NAME.xml). */
    static final List<String> BASE_FILTERS = List.of("no-mac-spoofing", "no-ip-spoofing", "allow-incoming-ipv4",
            "no-arp-mac-spoofing", "no-arp-ip-spoofing", "no-arp-spoofing", "no-other-l2-traffic",
            "no-other-rarp-traffic", "qemu-announce-self-rarp", "qemu-announce-self", "clean-traffic");

    @Override
    public List<String> ensureBaseFilters() {
        return call(c -> {
            var defined = new ArrayList<String>();
            for (String name : BASE_FILTERS) {
                try {
                    c.networkFilterLookupByName(name);
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_NO_NWFILTER)) {
                        throw e;
                    }
                    c.networkFilterDefineXML(baseFilter(name));
                    defined.add(name);
                }
            }
            if (!defined.isEmpty()) {
                log.info("defined libvirt's base filters the host lacked: {}", defined);
            }
            return defined;
        });
    }

    private static String baseFilter(String name) {
        try (var in = LibvirtHypervisor.class.getResourceAsStream("/nwfilter/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalStateException("nwfilter/" + name + ".xml missing from the build");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deleteFirewall(String filterName) {
        call(c -> {
            try {
                c.networkFilterLookupByName(filterName).undefine();
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_NWFILTER)) {
                    throw e;
                }
            }
            return null;
        });
    }

    // --- domains ----------------------------------------------------------------------------------------------

    @Override
    public String define(DomainSpec spec) {
        String xml = DomainXml.of(spec);
        return call(c -> c.domainDefineXML(xml).getName());
    }

    @Override
    public void resize(String domainName, int vcpus, int memoryMiB) {
        redefineStopped(domainName, xml -> DomainXml.resized(xml, vcpus, memoryMiB));
    }

    @Override
    public void setIso(String domainName, Path iso) {
        redefineStopped(domainName, xml -> DomainXml.withIso(xml, iso));
    }

    @Override
    public void setRescue(String domainName, DomainSpec.KernelBoot rescue) {
        redefineStopped(domainName, xml -> rescue == null ? DomainXml.unrescued(xml) : DomainXml.rescued(xml, rescue));
    }

    @Override
    public void attachInterface(String domainName, DomainSpec.Nic nic) {
        String device = DomainXml.interfaceDevice(nic);
        call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (DomainXml.interfaceWithMac(d.getXMLDesc(INACTIVE_XML), nic.mac()) == null) {
                d.attachDeviceFlags(device, AFFECT_CONFIG | (d.isActive() == 1 ? AFFECT_LIVE : 0));
            }
            return null;
        });
    }

    @Override
    public void updateInterface(String domainName, DomainSpec.Nic nic) {
        String device = DomainXml.interfaceDevice(nic);
        call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (DomainXml.interfaceWithMac(d.getXMLDesc(INACTIVE_XML), nic.mac()) != null) {
                d.updateDeviceFlags(device, AFFECT_CONFIG | (d.isActive() == 1 ? AFFECT_LIVE : 0));
            }
            return null;
        });
    }

    @Override
    public void detachInterface(String domainName, String mac) {
        call(c -> {
            Domain d = c.domainLookupByName(domainName);
            String defined = DomainXml.interfaceWithMac(d.getXMLDesc(INACTIVE_XML), mac);
            if (defined != null) {
                d.detachDeviceFlags(defined, AFFECT_CONFIG);
            }
            if (d.isActive() == 1) {
                String live = DomainXml.interfaceWithMac(d.getXMLDesc(0), mac);
                if (live != null) {
                    d.detachDeviceFlags(live, AFFECT_LIVE); // the guest lets go of it shortly after
                }
            }
            return null;
        });
    }

    /** A shut-off domain's definition, changed. */
    private void redefineStopped(String domainName, java.util.function.UnaryOperator<String> change) {
        call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (d.isActive() == 1) {
                throw new HypervisorException("domain " + domainName + " is running", null);
            }
            c.domainDefineXML(change.apply(d.getXMLDesc(INACTIVE_XML)));
            return null;
        });
    }

    @Override
    public void start(String domainName) {
        call(c -> started(c, c.domainLookupByName(domainName), 0));
    }

    private static final java.security.SecureRandom RUNS = new java.security.SecureRandom();

    private static byte[] randomRun() {
        byte[] run = new byte[8];
        RUNS.nextBytes(run);
        return run;
    }

    private static Domain started(Connect c, Domain d, int flags) throws LibvirtException {
        String inactive = d.getXMLDesc(INACTIVE_XML);
        String upgraded = LegacyDomains.upgraded(inactive); // defined by an older Vireo: as this one defines it
        if (upgraded != null) {
            inactive = upgraded;
        }
        // every run its own serial socket: a ticket of the last run (rescue, rebuild, restart) opens nothing now
        d = c.domainDefineXML(DomainXml.withSerialRun(inactive, java.util.HexFormat.of().formatHex(randomRun())));
        d.create(flags);
        return d;
    }

    // --- guest agent ------------------------------------------------------------------------------------------

    @Override
    public Optional<GuestInfo> guestInfo(String domainName) {
        return call(c -> {
            var d = c.domainLookupByName(domainName);
            try {
                var os = AGENT_JSON.readTree(d.qemuAgentCommand("{\"execute\":\"guest-get-osinfo\"}",
                        AGENT_TIMEOUT_SECONDS, 0)).path("return");
                var host = AGENT_JSON.readTree(d.qemuAgentCommand("{\"execute\":\"guest-get-host-name\"}",
                        AGENT_TIMEOUT_SECONDS, 0)).path("return");
                List<String> addresses;
                try {
                    addresses = AgentReplies.addresses(AGENT_JSON.readTree(d.qemuAgentCommand(
                            "{\"execute\":\"guest-network-get-interfaces\"}", AGENT_TIMEOUT_SECONDS, 0))
                            .path("return"));
                } catch (LibvirtException e) {
                    addresses = List.of(); // an agent without the network command (or with it disabled)
                }
                return Optional.of(new GuestInfo(AgentReplies.osName(os), AgentReplies.hostname(host), addresses));
            } catch (LibvirtException e) {
                return Optional.<GuestInfo>empty(); // no agent in the guest, or it is not answering
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new HypervisorException("the guest agent answered something unreadable", e);
            }
        });
    }

    @Override
    public Optional<String> guestInterfaceName(String domainName, String mac) {
        return call(c -> GuestAgent.interfaceName(c.domainLookupByName(domainName), mac));
    }

    @Override
    public OptionalInt guestExec(String domainName, List<String> argv) {
        return call(c -> GuestAgent.exec(c.domainLookupByName(domainName), argv));
    }

    @Override
    public void setUserPassword(String domainName, String user, String password) {
        call(c -> {
            c.domainLookupByName(domainName).setUserPassword(user, password, 0);
            return null;
        });
    }

    @Override
    public void shutdown(String domainName) {
        call(c -> {
            c.domainLookupByName(domainName).shutdown();
            return null;
        });
    }

    @Override
    public void reboot(String domainName) {
        call(c -> {
            c.domainLookupByName(domainName).reboot(0);
            return null;
        });
    }

    @Override
    public void destroy(String domainName) {
        call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null && d.isActive() == 1) {
                try {
                    d.destroy();
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_OPERATION_INVALID)) { // stopped meanwhile
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void undefine(String domainName) {
        call(c -> {
            Domain d = lookup(c, domainName);
            if (d != null) {
                d.undefine();
            }
            return null;
        });
    }

    @Override
    public Optional<DomainState> state(String domainName) {
        return call(c -> {
            Domain d = lookup(c, domainName);
            return d == null ? Optional.empty() : Optional.of(map(d.getInfo().state));
        });
    }

    @Override
    public List<DomainSummary> listDomains() {
        return call(c -> {
            var result = new ArrayList<DomainSummary>();
            for (Domain d : c.listAllDomains(0)) {
                String name = d.getName();
                if (!name.startsWith("vireo-")) {
                    continue;
                }
                UUID machine = null;
                UUID tenant = null;
                try {
                    var meta = Xml.parse(d.getMetadata(METADATA_ELEMENT, DomainXml.METADATA_NS, 0)).getDocumentElement();
                    machine = uuid(meta.getAttribute("id"));
                    tenant = uuid(meta.getAttribute("tenant"));
                } catch (LibvirtException | IllegalArgumentException e) {
                    // not one of ours after all, or metadata removed by hand
                }
                result.add(new DomainSummary(name, machine, tenant, map(d.getInfo().state)));
            }
            return result;
        });
    }

    @Override
    public Optional<VncEndpoint> vncEndpoint(String domainName) {
        return liveXml(domainName).map(DomainXml::vncSocket).map(VncEndpoint::new);
    }

    @Override
    public Optional<String> serialSocket(String domainName) {
        return liveXml(domainName).map(DomainXml::serialSocket);
    }

    /** The live XML of a running domain; empty when it does not run. */
    private Optional<String> liveXml(String domainName) {
        return call(c -> {
            Domain d = lookup(c, domainName);
            return d == null || d.isActive() != 1 ? Optional.empty() : Optional.of(d.getXMLDesc(0));
        });
    }

    // --- disk snapshots -----------------------------------------------------------------------------------------

    private static final String DISK = "vda";
    private static final int SNAPSHOT_NO_METADATA = 4;
    private static final int SNAPSHOT_DISK_ONLY = 16;
    private static final int SNAPSHOT_ATOMIC = 128;
    private static final int COMMIT_ACTIVE = 4;
    private static final int JOB_ABORT_PIVOT = 2;
    private static final int START_PAUSED = 1; // VIR_DOMAIN_START_PAUSED

    @Override
    public String diskVolume(String domainName) {
        return call(c -> volumeOf(c.domainLookupByName(domainName)));
    }

    private String volumeOf(Domain d) throws LibvirtException {
        Path source = DomainXml.diskSource(d.getXMLDesc(INACTIVE_XML), DISK);
        if (source == null || !poolPath(d.getConnect()).equals(source.getParent())) {
            throw new HypervisorException("the disk of " + d.getName() + " is not a volume of pool " + poolName, null);
        }
        return source.getFileName().toString();
    }

    @Override
    public String snapshotDisk(String domainName, String overlayVolume) {
        SpecValues.check(SpecValues.VOLUME_NAME, overlayVolume, "volume name");
        return call(c -> {
            Path overlay = poolPath(c).resolve(overlayVolume);
            Domain d = c.domainLookupByName(domainName);
            String frozen = volumeOf(d);
            if (d.isActive() == 1) {
                String snapshotName = overlayVolume.replace(".qcow2", "");
                d.snapshotCreateXML(DomainXml.diskSnapshot(d.getXMLDesc(0), snapshotName, DISK, overlay),
                        SNAPSHOT_DISK_ONLY | SNAPSHOT_ATOMIC | SNAPSHOT_NO_METADATA);
                refreshQuietly(pool(c));
            } else {
                var frozenVol = pool(c).storageVolLookupByName(frozen);
                long capacity = frozenVol.getInfo().capacity;
                pool(c).storageVolCreateXML(StorageXml.qcow2Volume(overlayVolume,
                        (int) Math.max(1, (capacity + (1L << 30) - 1) >> 30), Path.of(frozenVol.getPath())), 0);
                try {
                    c.domainDefineXML(DomainXml.withDiskSource(d.getXMLDesc(INACTIVE_XML), DISK, overlay));
                } catch (LibvirtException | RuntimeException e) {
                    deleteVolumeQuietly(c, overlayVolume);
                    throw e;
                }
            }
            return frozen;
        });
    }

    @Override
    public void mergeDisk(String domainName, String baseVolume, String topVolume) {
        call(c -> {
            Domain d = c.domainLookupByName(domainName);
            Path base = poolPath(c).resolve(baseVolume);
            Path top = poolPath(c).resolve(topVolume);
            boolean active = topVolume.equals(volumeOf(d));
            if (d.isActive() == 1) {
                commit(d, base, top, active);
            } else {
                // libvirt merges only in a running QEMU: the guest is started paused (it runs no instruction),
                // merged, and powered off again.
                var paused = started(c, d, START_PAUSED);
                try {
                    commit(paused, base, top, active);
                } finally {
                    paused.destroy();
                }
            }
            if (active && !base.equals(DomainXml.diskSource(d.getXMLDesc(INACTIVE_XML), DISK))) {
                c.domainDefineXML(DomainXml.withDiskSource(d.getXMLDesc(INACTIVE_XML), DISK, base));
            }
            deleteVolumeQuietly(c, topVolume);
            return null;
        });
    }

    /** Block commit of {@code top} into {@code base}; QEMU rewrites the backing file of the image above. */
    private static void commit(Domain d, Path base, Path top, boolean active) throws LibvirtException {
        d.blockCommit(DISK, base.toString(), top.toString(), 0, active ? COMMIT_ACTIVE : 0);
        awaitBlockJob(d, active);
    }

    /** Waits for the disk's block job; an active commit is pivoted once it has caught up. */
    private static void awaitBlockJob(Domain d, boolean pivot) throws LibvirtException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            var job = d.getBlockJobInfo(DISK, 0);
            if (job.type == 0) {
                return; // no job (any more): a plain commit has finished
            }
            if (pivot && job.end > 0 && job.cur == job.end) {
                try {
                    d.blockJobAbort(DISK, JOB_ABORT_PIVOT);
                    pivot = false; // the job ends with the pivot
                } catch (LibvirtException e) {
                    // Caught up is not yet ready: QEMU reports the job ready a moment later (libvirt's READY
                    // event, which libvirt-java's job info does not carry); anything else is a failure.
                    if (!is(e, ErrorNumber.VIR_ERR_BLOCK_COPY_ACTIVE)) {
                        throw e;
                    }
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HypervisorException("interrupted while merging disks", e);
            }
        }
        throw new HypervisorException("the disk merge of " + d.getName() + " did not finish in 30 minutes", null);
    }

    @Override
    public void resetDisk(String domainName, String baseVolume, String overlayVolume, int sizeGiB) {
        SpecValues.check(SpecValues.VOLUME_NAME, overlayVolume, "volume name");
        call(c -> {
            Domain d = c.domainLookupByName(domainName);
            if (d.isActive() == 1) {
                throw new HypervisorException("domain " + domainName + " is running", null);
            }
            var base = pool(c).storageVolLookupByName(baseVolume);
            int size = (int) Math.max(sizeGiB, (base.getInfo().capacity + (1L << 30) - 1) >> 30);
            pool(c).storageVolCreateXML(StorageXml.qcow2Volume(overlayVolume, size, Path.of(base.getPath())), 0);
            try {
                c.domainDefineXML(DomainXml.withDiskSource(d.getXMLDesc(INACTIVE_XML), DISK,
                        poolPath(c).resolve(overlayVolume)));
            } catch (LibvirtException | RuntimeException e) {
                deleteVolumeQuietly(c, overlayVolume);
                throw e;
            }
            return null;
        });
    }

    private void deleteVolumeQuietly(Connect c, String name) {
        try {
            StorageVol vol = volume(c, name);
            if (vol != null) {
                vol.delete(0);
            }
        } catch (LibvirtException e) {
            log.warn("volume {} not deleted: {}", name, e.getMessage());
        }
    }

    // --- observation ------------------------------------------------------------------------------------------

    private static final int MEMORY_STAT_UNUSED = 4;
    private static final int MEMORY_STAT_AVAILABLE = 5;
    private static final int MEMORY_STAT_RSS = 7;

    @Override
    public Optional<DomainStats> stats(String domainName) {
        return call(c -> {
            Domain d = lookup(c, domainName);
            if (d == null || d.isActive() != 1) {
                return Optional.empty();
            }
            long at = System.nanoTime();
            var info = d.getInfo();
            long unused = -1;
            long available = -1;
            long rss = -1;
            for (var m : d.memoryStats(13)) {
                switch (m.getTag()) {
                    case MEMORY_STAT_UNUSED -> unused = m.getValue();
                    case MEMORY_STAT_AVAILABLE -> available = m.getValue();
                    case MEMORY_STAT_RSS -> rss = m.getValue();
                    default -> { }
                }
            }
            long used = available > 0 && unused >= 0 ? available - unused : Math.min(rss, info.memory);
            String xml = d.getXMLDesc(0);
            var disk = d.blockStats(DISK);
            long rx = 0;
            long tx = 0;
            for (String dev : DomainXml.interfaceDevices(xml)) {
                var s = d.interfaceStats(dev);
                rx += s.rx_bytes;
                tx += s.tx_bytes;
            }
            return Optional.of(new DomainStats(at, info.nrVirtCpu, info.cpuTime, Math.max(0, used), info.memory,
                    disk.rd_bytes, disk.wr_bytes, rx, tx));
        });
    }

    private static final int ADDRESSES_FROM_LEASE = 0;
    private static final int ADDRESSES_FROM_ARP = 2;

    @Override
    public List<String> addresses(String domainName) {
        return call(c -> {
            Domain d = lookup(c, domainName);
            if (d == null || d.isActive() != 1) {
                return List.of();
            }
            var result = new java.util.LinkedHashSet<String>();
            for (int source : new int[] {ADDRESSES_FROM_LEASE, ADDRESSES_FROM_ARP}) {
                try {
                    for (var iface : d.interfaceAddresses(source, 0)) {
                        for (var a : iface.addrs) {
                            result.add(a.address.getHostAddress());
                        }
                    }
                } catch (LibvirtException e) {
                    // this source knows nothing here (no DHCP on the network); the next may
                }
            }
            return List.copyOf(result);
        });
    }

    static DomainState map(DomainInfo.DomainState s) {
        return switch (s) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainState.RUNNING;
            case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> DomainState.SHUT_OFF;
            case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> DomainState.SUSPENDED;
            default -> DomainState.UNKNOWN;
        };
    }

    private static Domain lookup(Connect c, String name) throws LibvirtException {
        try {
            return c.domainLookupByName(name);
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return null;
            }
            throw e;
        }
    }

    private static boolean is(LibvirtException e, ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    private static UUID uuid(String s) {
        return s == null || s.isEmpty() ? null : UUID.fromString(s);
    }

    <T> T call(LibvirtSession.Call<T> work) {
        return session.call(work);
    }

    static String version(long v) {
        return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
    }

    @Override
    public void destroy() {
        session.destroy();
    }
}
