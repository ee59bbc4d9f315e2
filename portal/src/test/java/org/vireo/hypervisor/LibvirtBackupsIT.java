package org.vireo.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vireo.hypervisor.DiskBackups.BackupPool;
import org.vireo.hypervisor.DiskBackups.Base;
import org.vireo.hypervisor.libvirt.LibvirtHypervisor;
import org.vireo.support.Virsh;

/**
 * Backups on the host's real libvirt: a demo guest writes to its disk through its serial console; a whole backup,
 * then incrementals (only what changed, over their base), each restored to a volume whose content is read back
 * exactly as the guest had it at that backup; a deleted checkpoint folds into the one before; a shut-off domain is
 * copied whole; a failed backup leaves nothing.
 */
class LibvirtBackupsIT {
    private static final Path HOME = Path.of(System.getenv().getOrDefault("VIREO_HOME", "/var/lib/vireo"));
    private static final int MIB = 1 << 20;
    private final LibvirtHypervisor hypervisor = new LibvirtHypervisor("qemu:///system", "", HOME);
    private final String name = "vireo-bk-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path backupDir = Path.of("/var/tmp/" + name + "-backups");
    private final BackupPool pool = new BackupPool(name.substring(6) + "-pool", backupDir);
    private final List<String> volumes = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            hypervisor.destroy(name);
            hypervisor.undefine(name);
        } finally {
            hypervisor.volumes(name + ".").forEach(hypervisor::deleteDisk);
            volumes.forEach(v -> hypervisor.deleteBackup(pool, v));
            Virsh.run("pool-destroy", pool.poolName());
            Virsh.run("pool-undefine", pool.poolName());
            try (var files = Files.list(backupDir)) {
                assertThat(files.toList()).as("left in the backup directory").isEmpty();
            } finally {
                Files.deleteIfExists(backupDir);
                hypervisor.destroy();
            }
        }
    }

    @Test
    void wholeThenIncrementalBackupsRestoreExactlyWhatTheGuestHadThen() throws Exception {
        Path disk = hypervisor.createDisk(name + ".disk.qcow2", null, null, 1);
        startDemoGuest(disk);
        try (var shell = new Shell(serialSocket())) {
            shell.await("VIREO-DEMO-BOOTED", 120);
            shell.run("yes STATE-1 | head -c 1048576 | dd of=/dev/vda bs=64k seek=256 conv=fsync 2>/dev/null");

            var whole = backup("b1", null);
            assertThat(whole.live()).isTrue();
            assertThat(whole.checkpointed()).isTrue();
            assertThat(whole.frozen()).as("the demo guest has no agent").isFalse();

            shell.run("yes STATE-2 | head -c 1048576 | dd of=/dev/vda bs=64k seek=256 conv=fsync 2>/dev/null");
            shell.run("yes STATE-3 | head -c 1048576 | dd of=/dev/vda bs=64k seek=512 conv=fsync 2>/dev/null");
            var second = backup("b2", new Base("b1", volume("b1")));
            shell.run("yes STATE-4 | head -c 1048576 | dd of=/dev/vda bs=64k seek=512 conv=fsync 2>/dev/null");
            var third = backup("b3", new Base("b2", volume("b2")));
            // an incremental one holds what changed (about 2 MiB and 1 MiB), not the disk
            assertThat(second.storedBytes()).isBetween(2L * MIB, 4L * MIB);
            assertThat(third.storedBytes()).isBetween(1L * MIB, 3L * MIB);
            assertThat(hypervisor.backupBytes(pool, volume("b3"))).isEqualTo(third.storedBytes());
            assertThat(hypervisor.checkpoints(name)).containsExactly("b1", "b2", "b3");

            assertThat(restored("b1")).containsExactly("STATE-1", "");
            assertThat(restored("b2")).containsExactly("STATE-2", "STATE-3");
            assertThat(restored("b3")).containsExactly("STATE-2", "STATE-4");

            // the middle checkpoint folds into the first: an incremental since b1 now takes b2's and b3's changes
            hypervisor.deleteCheckpoint(name, "b2");
            assertThat(hypervisor.checkpoints(name)).containsExactly("b1", "b3");
            shell.run("yes STATE-5 | head -c 1048576 | dd of=/dev/vda bs=64k seek=256 conv=fsync 2>/dev/null");
            backup("b4", new Base("b1", volume("b1")));
            assertThat(restored("b4")).containsExactly("STATE-5", "STATE-4");

            // a failed backup (its base volume gone) leaves neither a volume nor a checkpoint
            assertThatThrownBy(() -> backup("b5", new Base("b4", "no-such.qcow2")))
                    .isInstanceOf(HypervisorException.class);
            assertThat(hypervisor.backupBytes(pool, volume("b5"))).isZero();
            assertThat(hypervisor.checkpoints(name)).doesNotContain("b5");
        }
        // shut off: a whole copy, no checkpoint
        hypervisor.destroy(name);
        var cold = backup("b6", null);
        assertThat(cold.live()).isFalse();
        assertThat(restored("b6")).containsExactly("STATE-5", "STATE-4");
        assertThat(hypervisor.checkpoints(name)).containsExactly("b1", "b3", "b4");
        // a domain with checkpoints goes away with their records
        hypervisor.undefine(name);
        assertThat(hypervisor.state(name)).isEmpty();
    }

    /** A disk made the old way (qcow2 v2, libvirt's former default) keeps no checkpoint: backed up whole each time. */
    @Test
    void aDiskThatKeepsNoBitmapsIsBackedUpWholeEachTime() throws Exception {
        Path disk = Path.of(Virsh.run("pool-dumpxml", "vireo").replaceAll("(?s).*<path>([^<]+)</path>.*", "$1"))
                .resolve(name + ".disk.qcow2");
        var create = new ProcessBuilder(
                        "qemu-img", "create", "-q", "-f", "qcow2", "-o", "compat=0.10", disk.toString(), "1G")
                .inheritIO()
                .start();
        assertThat(create.waitFor()).isZero();
        Virsh.run("pool-refresh", "vireo");
        startDemoGuest(disk);
        try (var shell = new Shell(serialSocket())) {
            shell.await("VIREO-DEMO-BOOTED", 120);
            shell.run("yes STATE-1 | head -c 1048576 | dd of=/dev/vda bs=64k seek=256 conv=fsync 2>/dev/null");
            var first = backup("b1", null);
            assertThat(first.live()).isTrue();
            assertThat(first.checkpointed()).isFalse();
            assertThat(hypervisor.checkpoints(name)).isEmpty();
            assertThat(restored("b1")).containsExactly("STATE-1", "");
            assertThatThrownBy(() -> backup("b2", new Base("b1", volume("b1"))))
                    .isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("keeps no checkpoints");
        }
    }

    /**
     * libvirtd killed while a backup's job runs: the backup fails (nothing is taken for good); after a restart the
     * next backup is taken and restores what the disk holds.
     */
    @Test
    void aBackupCutOffByLibvirtdDyingFailsAndTheNextOneRestores() throws Exception {
        Path disk = hypervisor.createDisk(name + ".disk.qcow2", null, null, 1);
        // 600 MiB of data, written before the guest starts, so that a whole backup takes long enough to cut off
        var write = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 600M", disk.toString())
                .redirectErrorStream(true)
                .start();
        write.getInputStream().readAllBytes();
        assertThat(write.waitFor()).isZero();
        startDemoGuest(disk);
        var backup = java.util.concurrent.CompletableFuture.supplyAsync(() -> backup("b1", null));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Virsh.run("domjobinfo", name).contains("Backup") && !backup.isDone()) {
                assertThat(System.nanoTime()).as("the backup's job began").isLessThan(deadline);
                Thread.sleep(20);
            }
            org.vireo.support.Libvirtd.kill();
            assertThatThrownBy(() -> backup.get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .as("a backup whose job libvirtd did not see to its end")
                    .hasCauseInstanceOf(HypervisorException.class);
        } finally {
            if (!org.vireo.support.Libvirtd.running()) {
                org.vireo.support.Libvirtd.start();
            }
        }
        var next = backup("b2", null);
        assertThat(next.live()).isTrue();
        assertThat(restoredByte("b2", 0)).isEqualTo((byte) 0x5a);
        assertThat(restoredByte("b2", 599L * MIB)).isEqualTo((byte) 0x5a);
    }

    private byte restoredByte(String backup, long offset) throws Exception {
        String target = name + ".restored-" + backup + ".qcow2";
        Path restoredDisk = hypervisor.restoreDisk(pool, volume(backup), target);
        try {
            var read = new ProcessBuilder(
                            "qemu-io",
                            "-r",
                            "-f",
                            "qcow2",
                            "-c",
                            "read -P 0x5a " + offset + " 64k",
                            restoredDisk.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(read.getInputStream().readAllBytes());
            read.waitFor();
            return out.contains("read 65536/65536") && !out.contains("Pattern verification failed") ? (byte) 0x5a : 0;
        } finally {
            hypervisor.deleteDisk(target);
        }
    }

    private void startDemoGuest(Path disk) {
        var template = HOME.resolve("templates/vireo-demo");
        var spec = new DomainSpec(
                name,
                UUID.randomUUID(),
                null,
                1,
                256,
                hypervisor.accelerator(),
                new DomainSpec.KernelBoot(
                        template.resolve("vmlinuz"), template.resolve("initrd.img"), "console=tty1 console=ttyS0"),
                List.of(disk),
                null,
                null,
                null);
        hypervisor.define(spec);
        hypervisor.start(name);
    }

    private String volume(String backup) {
        return name + "." + backup + ".qcow2";
    }

    private DiskBackups.BackupWritten backup(String checkpoint, Base base) {
        volumes.add(volume(checkpoint));
        long t0 = System.nanoTime();
        var written = hypervisor.backupDisk(name, pool, volume(checkpoint), checkpoint, base);
        System.out.printf(
                "backup %s (%s): %d bytes in %d ms%n",
                checkpoint,
                base == null ? "whole" : "since " + base.checkpoint(),
                written.storedBytes(),
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        return written;
    }

    /** Restores a backup into a volume of the machine pool and reads which marks its two regions hold. */
    private List<String> restored(String backup) throws Exception {
        String target = name + ".restored-" + backup + ".qcow2";
        Path restoredDisk = hypervisor.restoreDisk(pool, volume(backup), target);
        Path raw = Files.createTempFile("vireo-restored", ".raw");
        try {
            var convert = new ProcessBuilder(
                            "qemu-img", "convert", "-O", "raw", restoredDisk.toString(), raw.toString())
                    .inheritIO()
                    .start();
            assertThat(convert.waitFor()).isZero();
            var marks = new ArrayList<String>();
            try (var file = new RandomAccessFile(raw.toFile(), "r")) {
                for (long offset : new long[] {16L * MIB, 32L * MIB}) {
                    byte[] region = new byte[MIB];
                    file.seek(offset);
                    file.readFully(region);
                    marks.add(mark(region));
                }
            }
            return marks;
        } finally {
            Files.deleteIfExists(raw);
            hypervisor.deleteDisk(target);
        }
    }

    /** The region's mark when it is all "STATE-n\n" lines, "" when all zero; anything else fails. */
    private static String mark(byte[] region) {
        if (Arrays.equals(region, new byte[region.length])) {
            return "";
        }
        String text = new String(region, StandardCharsets.US_ASCII);
        String line = text.substring(0, text.indexOf('\n'));
        byte[] expected = (line + "\n")
                .repeat(MIB / (line.length() + 1) + 1)
                .substring(0, MIB)
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(region).as("region of " + line).isEqualTo(expected);
        return line;
    }

    private Path serialSocket() throws Exception {
        var m = Pattern.compile("<serial type='unix'>\\s*<source mode='bind' path='([^']+)'")
                .matcher(Virsh.run("dumpxml", name));
        assertThat(m.find()).isTrue();
        return Path.of(m.group(1));
    }

    /** The guest's shell on its serial port's socket. */
    private static final class Shell implements AutoCloseable {
        private final SocketChannel channel;
        private final StringBuffer seen = new StringBuffer();
        private final Thread reader;
        private int marks;

        Shell(Path socket) throws Exception {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            reader = new Thread(() -> {
                var buffer = ByteBuffer.allocate(4096);
                try {
                    while (channel.read(buffer.clear()) > 0) {
                        seen.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        void await(String text, int seconds) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (seen.indexOf(text) < 0) {
                assertThat(System.nanoTime())
                        .as("waiting for " + text + " in: " + tail())
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        /** Runs a command and waits until it printed its own end mark (so its writes reached the disk). */
        void run(String command) throws Exception {
            String mark = "DONE-" + (++marks);
            channel.write(
                    ByteBuffer.wrap((command + "; echo DO''NE-" + marks + "\n").getBytes(StandardCharsets.US_ASCII)));
            await(mark, 60);
        }

        String tail() {
            return seen.substring(Math.max(0, seen.length() - 400));
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }
}
