package org.vireo.hypervisor.libvirt;

import static org.vireo.hypervisor.libvirt.LibvirtSession.is;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vireo.base.Xml;
import org.vireo.hypervisor.HostStorage;
import org.vireo.hypervisor.HypervisorException;
import org.vireo.hypervisor.PoolInfo;
import org.vireo.hypervisor.SpecValues;

/**
 * A host's storage pool (a directory pool, made when missing): disks, seeds and template copies as its volumes,
 * streamed over the libvirt connection (the portal never writes a host's files).
 */
final class LibvirtStorage implements HostStorage {
    private static final Logger log = LoggerFactory.getLogger(LibvirtStorage.class);
    private static final long MAX_SEED = 16L << 20;

    private final LibvirtSession session;
    private final String uri;
    private final String poolName;
    private final Path poolDir;
    private final Map<String, Object> copyLocks = new ConcurrentHashMap<>();
    /** The connection the pool was made sure of on (a new connection checks it again). */
    private Connect poolCheckedOn;
    /** Where the pool keeps its volumes on the host, as libvirt says (an existing pool may be elsewhere). */
    private volatile Path poolPath;

    LibvirtStorage(LibvirtSession session, String uri, String poolName, Path poolDir) {
        this.session = session;
        this.uri = uri;
        this.poolName = poolName;
        this.poolDir = poolDir;
    }

    String poolName() {
        return poolName;
    }

    synchronized StoragePool pool(Connect c) throws LibvirtException {
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
                var target = (String) XPathFactory.newInstance()
                        .newXPath()
                        .evaluate("/pool/target/path", Xml.parse(pool.getXMLDesc(0)), XPathConstants.STRING);
                poolPath = target == null || target.isBlank()
                        ? poolDir
                        : Path.of(target).normalize();
            } catch (XPathExpressionException e) {
                poolPath = poolDir;
            }
            poolCheckedOn = c;
        }
        return pool;
    }

    /** The pool's directory on the host (after {@link #pool} has run on this connection). */
    Path poolPath(Connect c) throws LibvirtException {
        pool(c);
        return poolPath;
    }

    @Override
    public Path createDisk(String volumeName, Path backingImage, String backingFormat, int sizeGiB) {
        String xml = StorageXml.qcow2Volume(
                volumeName, sizeGiB, backingImage, backingFormat == null ? "qcow2" : backingFormat);
        return session.call(c -> Path.of(pool(c).storageVolCreateXML(xml, 0).getPath()));
    }

    /** Written on the portal in memory ({@link SeedIso}) and uploaded into the host's pool. */
    @Override
    public Path createSeed(String volumeName, String metaData, String userData, String networkConfig) {
        SpecValues.check(SpecValues.VOLUME_NAME, volumeName, "volume name");
        var files = new LinkedHashMap<String, byte[]>();
        files.put("meta-data", metaData.getBytes(StandardCharsets.UTF_8));
        files.put("user-data", userData.getBytes(StandardCharsets.UTF_8));
        if (networkConfig != null) {
            files.put("network-config", networkConfig.getBytes(StandardCharsets.UTF_8));
        }
        byte[] image = SeedIso.write(files, Instant.now());
        deleteDisk(volumeName); // a seed is made afresh for each machine
        return upload(volumeName, image.length, () -> new ByteArrayInputStream(image), share -> {});
    }

    @Override
    public Map<String, byte[]> readSeed(String volumeName) {
        SpecValues.check(SpecValues.VOLUME_NAME, volumeName, "volume name");
        long size = session.call(c -> pool(c).storageVolLookupByName(volumeName).getInfo().capacity);
        if (size > MAX_SEED) {
            throw new HypervisorException("volume " + volumeName + " is no seed", null);
        }
        var image = new ByteArrayOutputStream((int) size);
        download(volumeName, image, MAX_SEED);
        try {
            return SeedIso.read(image.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new HypervisorException("volume " + volumeName + " is no seed Vireo wrote", e);
        }
    }

    /**
     * Streams the volume's file as it is on the host into {@code out}; more than {@code limit} bytes: refused. In
     * pieces of 64 MiB, each a stream of its own (one long download over SSH lost its connection after ~25 s).
     */
    void download(String volumeName, OutputStream out, long limit) {
        SpecValues.check(SpecValues.VOLUME_NAME, volumeName, "volume name");
        long total = 0;
        while (true) {
            long offset = total;
            long got = session.call(c -> downloadPiece(c, volumeName, offset, DOWNLOAD_PIECE, out));
            total += got;
            if (total > limit) {
                throw new HypervisorException("volume " + volumeName + " exceeds " + limit + " bytes", null);
            }
            if (got < DOWNLOAD_PIECE) {
                return;
            }
        }
    }

    private static final long DOWNLOAD_PIECE = 64L << 20;

    private long downloadPiece(Connect c, String volumeName, long offset, long length, OutputStream out)
            throws LibvirtException {
        var vol = pool(c).storageVolLookupByName(volumeName);
        var stream = c.streamNew(0);
        try {
            vol.download(stream, offset, length, 0);
            byte[] buffer = new byte[1 << 20];
            long got = 0;
            int n;
            while ((n = stream.receive(buffer)) > 0) {
                got += n;
                out.write(buffer, 0, n);
            }
            stream.finish();
            return got;
        } catch (IOException | LibvirtException | RuntimeException e) {
            try {
                stream.abort();
            } catch (LibvirtException ignored) {
                // the stream is gone already
            }
            if (e instanceof LibvirtException le) {
                throw le;
            }
            throw e instanceof RuntimeException r
                    ? r
                    : new HypervisorException("download of " + volumeName + " failed: " + e.getMessage(), e);
        } finally {
            stream.free();
        }
    }

    /** A new volume (one of that name is replaced) holding the bytes of {@code file}. */
    void replaceFrom(String volumeName, Path file) throws IOException {
        long size = Files.size(file);
        deleteDisk(volumeName);
        upload(volumeName, size, () -> Files.newInputStream(file), share -> {});
    }

    @Override
    public Path copyToPool(String volumeName, Path source, DoubleConsumer progress) {
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
            Path done = session.call(c -> {
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
            session.call(c -> pool(c).storageVolCreateXML(StorageXml.rawVolume(mark, 0), 0));
            return copy;
        }
    }

    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /** Streams {@code size} bytes into a new raw volume, unless the volume exists already; returns its path. */
    private Path upload(String volumeName, long size, Source source, DoubleConsumer progress) {
        SpecValues.check(SpecValues.VOLUME_NAME, volumeName, "volume name");
        return session.call(c -> {
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
                    byte[] chunk = n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
                    int done = 0;
                    while (done < n) {
                        int s = stream.send(done == 0 ? chunk : Arrays.copyOfRange(chunk, done, n));
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
    static void refreshQuietly(StoragePool pool) {
        try {
            pool.refresh(0);
        } catch (LibvirtException e) {
            log.debug("pool not refreshed: {}", e.getMessage());
        }
    }

    @Override
    public void deleteDisk(String volumeName) {
        session.call(c -> {
            StorageVol vol = volume(c, volumeName);
            if (vol != null) {
                vol.delete(0);
            }
            return null;
        });
    }

    @Override
    public void growDisk(String volumeName, int sizeGiB) {
        session.call(c -> {
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
        return session.call(c -> volume(c, volumeName) != null);
    }

    StorageVol volume(Connect c, String name) throws LibvirtException {
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
        return session.call(c -> {
            var pool = pool(c);
            refreshQuietly(pool);
            return Arrays.stream(pool.listVolumes())
                    .filter(n -> n.startsWith(prefix))
                    .sorted()
                    .toList();
        });
    }

    @Override
    public PoolInfo poolInfo() {
        return session.call(c -> {
            var pool = pool(c);
            refreshQuietly(pool); // free space changes behind libvirt's back (other files on the same file system)
            var info = pool.getInfo();
            return new PoolInfo(poolName, info.capacity, info.allocation, info.available);
        });
    }

    void deleteVolumeQuietly(Connect c, String name) {
        try {
            StorageVol vol = volume(c, name);
            if (vol != null) {
                vol.delete(0);
            }
        } catch (LibvirtException e) {
            log.warn("volume {} not deleted: {}", name, e.getMessage());
        }
    }
}
