import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Backups through the portal (decision 023): a demo machine with a 2 GiB disk filled offline with 2 GiB of data
 * (32 chunks of 64 MiB, each its own byte pattern, written with {@code qemu-io} before its first start); per round
 * a whole backup of the running machine, then 5 % of the disk (102 MiB) rewritten from {@code /dev/urandom} by the
 * guest (through its serial console's socket), then an incremental backup: the time from the REST call to the
 * backup's state {@code done} (polled every 100 ms) and what it stores ({@code storedBytes}). Both backups are
 * deleted afterwards (the incremental one first, which takes its checkpoint off the domain), so each round's first
 * backup is whole again. The floor, per round with the machine stopped: {@code qemu-img convert -O qcow2} of its
 * disk into the same backup directory, flushed at the end ({@code -t writeback}). Fails on
 * any failed request or backup.
 */
public class BackupBench extends BenchSupport {
    static final long MIB = 1L << 20;
    static final int DISK_GIB = 2;
    static final int CHANGED_MIB = 102; // 5 % of 2 GiB

    static String demo;

    public static void main(String[] a) throws Exception {
        BenchSupport.base = a[0];
        String admin = token("admin", a[1]);
        demo = token("demo", a[2]);
        Path backupDir = Path.of(a[3]);
        Path logs = Path.of(a[4]);
        int rounds = Integer.parseInt(a[5]);
        Path out = Path.of(a[6]);
        String accel = Files.exists(Path.of("/var/lib/vireo/accelerator"))
                ? Files.readString(Path.of("/var/lib/vireo/accelerator")).strip()
                : "?";

        String local = MigrationBench.idOfHost(call("GET", "/api/v1/admin/hosts", admin, null, 200), "local");
        String host = call(
                "POST",
                "/api/v1/admin/hosts/" + local + "/backup-dir",
                admin,
                "{\"backupDir\":\"" + backupDir + "\"}",
                200);
        if (!host.contains("\"backupDir\":\"" + backupDir + "\"")) {
            throw new IllegalStateException("backup directory not set: " + host);
        }
        String template = idOf(call("GET", "/api/v1/templates", demo, null, 200), "Vireo Demo (busybox)");
        String id = field(
                call(
                        "POST",
                        "/api/v1/machines",
                        demo,
                        "{\"name\":\"backup-bench\",\"templateId\":\"" + template
                                + "\",\"vcpus\":1,\"memoryMiB\":256,\"diskGiB\":" + DISK_GIB + ",\"start\":false}",
                        201),
                "id");
        String domain = "vireo-" + id;
        String machine = "/api/v1/machines/" + id;
        try {
            awaitMachine(machine, "STOPPED");
            Path disk = diskOf(domain);
            fill(disk);

            List<Double> wholeSeconds = new ArrayList<>(), wholeMiB = new ArrayList<>();
            List<Double> incrSeconds = new ArrayList<>(), incrMiB = new ArrayList<>();
            List<Double> timeRatio = new ArrayList<>(), sizeRatio = new ArrayList<>();
            List<Double> floorSeconds = new ArrayList<>();
            Path serialLog = logs.resolve(domain + ".serial.log");
            for (int r = 0; r < rounds; r++) {
                int boots = count(serialLog, "VIREO-DEMO-BOOTED");
                call("POST", machine + "/start", demo, null, 202);
                awaitMachine(machine, "RUNNING");
                awaitBoot(serialLog, boots + 1);
                try (var shell = new Shell(serialSocket(domain))) {
                    shell.ready();
                    var whole = backup(machine);
                    requireKind(whole, "whole", null);
                    // 5 % of the disk changed by the guest, at another place each round
                    long seek = 128 + (long) r * 600 % (DISK_GIB * 1024 - CHANGED_MIB - 128);
                    String said = shell.run(
                            "dd if=/dev/urandom of=/dev/vda bs=1M count=" + CHANGED_MIB + " seek=" + seek
                                    + " conv=fsync",
                            600);
                    if (!said.contains(CHANGED_MIB + "+0 records out")) {
                        throw new IllegalStateException(
                                "the guest's dd did not write " + CHANGED_MIB + " MiB: " + said);
                    }
                    var incremental = backup(machine);
                    requireKind(incremental, "incremental", whole.id);
                    wholeSeconds.add(whole.seconds);
                    wholeMiB.add(whole.bytes / (double) MIB);
                    incrSeconds.add(incremental.seconds);
                    incrMiB.add(incremental.bytes / (double) MIB);
                    timeRatio.add(incremental.seconds / whole.seconds);
                    sizeRatio.add(incremental.bytes / (double) whole.bytes);
                    // newest first: the incremental one's checkpoint goes with it, the next backup is whole
                    awaitIdle(machine);
                    call("DELETE", machine + "/backups/" + incremental.id, demo, null, 204);
                    awaitIdle(machine);
                    call("DELETE", machine + "/backups/" + whole.id, demo, null, 204);
                }
                awaitIdle(machine);
                call("POST", machine + "/poweroff", demo, null, 202);
                awaitMachine(machine, "STOPPED");
                awaitShutOff(domain);
                floorSeconds.add(floor(disk, backupDir.resolve("bench-floor.qcow2")));
                System.out.printf(
                        "round %d: whole %.1f s, %.0f MiB; incremental %.1f s, %.1f MiB; floor (qemu-img convert)"
                                + " %.1f s%n",
                        r + 1,
                        wholeSeconds.get(r),
                        wholeMiB.get(r),
                        incrSeconds.get(r),
                        incrMiB.get(r),
                        floorSeconds.get(r));
            }

            var results = new LinkedHashMap<String, Object>();
            results.put("rounds", rounds);
            results.put("accelerator", accel);
            results.put(
                    "disk",
                    DISK_GIB + " GiB, filled with " + DISK_GIB + " GiB of data; " + CHANGED_MIB
                            + " MiB (5 %) rewritten by the guest before each incremental backup");
            results.put("whole_seconds", MigrationBench.stats(wholeSeconds));
            results.put("whole_stored_mib", MigrationBench.stats(wholeMiB));
            results.put("incremental_seconds", MigrationBench.stats(incrSeconds));
            results.put("incremental_stored_mib", MigrationBench.stats(incrMiB));
            results.put("incremental_to_whole_time", MigrationBench.stats(timeRatio));
            results.put("incremental_to_whole_size", MigrationBench.stats(sizeRatio));
            results.put("floor_qemu_img_convert_seconds", MigrationBench.stats(floorSeconds));
            System.out.println("accelerator: " + accel + ", " + rounds + " rounds");
            row("whole backup, time", wholeSeconds, "%.1f s");
            row("whole backup, stored", wholeMiB, "%.0f MiB");
            row("incremental backup (5 % changed), time", incrSeconds, "%.1f s");
            row("incremental backup (5 % changed), stored", incrMiB, "%.1f MiB");
            row("incremental / whole, time", timeRatio, "%.3f");
            row("incremental / whole, stored", sizeRatio, "%.3f");
            row("floor: qemu-img convert (stopped), time", floorSeconds, "%.1f s");
            Files.writeString(out, ProvisioningBench.json(results));
            System.out.println("written " + out);
        } catch (Exception e) {
            try {
                delete(machine);
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        delete(machine);
    }

    /** Deletes the machine (its backups go with it) and waits until it is gone. */
    static void delete(String machine) throws Exception {
        awaitIdle(machine);
        call("DELETE", machine, demo, null, 202);
        long until = System.nanoTime() + 180_000_000_000L;
        while (status("GET", machine, demo) != 404) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the machine was not deleted within 180 s");
            }
            Thread.sleep(200);
        }
    }

    static void row(String label, List<Double> values, String format) {
        var s = MigrationBench.stats(values);
        System.out.printf(
                "%-44s median " + format + "  (min " + format + ", max " + format + ", n=%d)%n",
                label,
                s.get("median"),
                s.get("min"),
                s.get("max"),
                s.get("n"));
    }

    record Taken(String id, String kind, String baseId, double seconds, long bytes, String json) {}

    /** A backup from the REST call to its state {@code done}; a failed one (or none in 15 minutes) is an exception. */
    static Taken backup(String machine) throws Exception {
        awaitIdle(machine);
        long t0 = System.nanoTime();
        String b = call("POST", machine + "/backups", demo, null, 202);
        String id = field(b, "id");
        while (true) {
            b = call("GET", machine + "/backups/" + id, demo, null, 200);
            String state = field(b, "state");
            if (state.equals("done")) {
                break;
            }
            if (!state.equals("running")) {
                throw new IllegalStateException("the backup ended " + state + ": " + b);
            }
            if (System.nanoTime() - t0 > 900_000_000_000L) {
                throw new IllegalStateException("the backup did not end within 15 minutes: " + b);
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        var m = Pattern.compile("\"storedBytes\":(\\d+)").matcher(b);
        if (!m.find()) {
            throw new IllegalStateException("no storedBytes in " + b);
        }
        var base = Pattern.compile("\"baseId\":\"([^\"]+)\"").matcher(b);
        return new Taken(
                id, field(b, "kind"), base.find() ? base.group(1) : null, seconds, Long.parseLong(m.group(1)), b);
    }

    static void requireKind(Taken t, String kind, String baseId) {
        if (!t.kind.equals(kind) || (baseId != null && !baseId.equals(t.baseId)) || !t.json.contains("\"live\":true")) {
            throw new IllegalStateException("expected a live " + kind + " backup"
                    + (baseId == null ? "" : " on " + baseId) + ", got " + t.json);
        }
    }

    static int status(String method, String path, String token) throws Exception {
        var r = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return r.statusCode();
    }

    /** Until the machine is in {@code state} and no operation holds it (no {@code stateDetail}). */
    static void awaitMachine(String machine, String state) throws Exception {
        long until = System.nanoTime() + 180_000_000_000L;
        String m;
        do {
            m = call("GET", machine, demo, null, 200);
            if (m.contains("\"state\":\"" + state + "\"") && !m.contains("\"stateDetail\"")) {
                return;
            }
            if (m.contains("\"state\":\"ERROR\"")) {
                throw new IllegalStateException("the machine is in error: " + m);
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        throw new IllegalStateException("the machine did not become " + state + ": " + m);
    }

    /** Until no operation (a backup's end, a deletion) holds the machine. */
    static void awaitIdle(String machine) throws Exception {
        long until = System.nanoTime() + 120_000_000_000L;
        String m;
        do {
            m = call("GET", machine, demo, null, 200);
            if (!m.contains("\"stateDetail\"")) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        throw new IllegalStateException("the machine stayed busy: " + m);
    }

    static void awaitShutOff(String domain) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (run("virsh", "-q", "domstate", domain).contains("shut off")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(domain + " did not shut off");
    }

    static void awaitBoot(Path serialLog, int boots) throws Exception {
        long until = System.nanoTime() + 300_000_000_000L;
        while (count(serialLog, "VIREO-DEMO-BOOTED") < boots) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the guest did not boot; its serial log: " + serialLog);
            }
            Thread.sleep(200);
        }
    }

    static int count(Path file, String text) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        String s = Files.readString(file, StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /** The file the domain's disk {@code vda} is (the top of its chain). */
    static Path diskOf(String domain) throws Exception {
        for (String line : run("virsh", "-q", "domblklist", domain).split("\n")) {
            String[] f = line.strip().split("\\s+", 2);
            if (f.length == 2 && f[0].equals("vda")) {
                return Path.of(f[1].strip());
            }
        }
        throw new IllegalStateException("no disk vda in " + domain);
    }

    /** 2 GiB of data, before the machine's first start: 64 MiB chunks, each of its own byte (1, 2, …). */
    static void fill(Path disk) throws Exception {
        var cmd = new ArrayList<>(List.of("qemu-io", "-f", "qcow2"));
        int chunks = DISK_GIB * 1024 / 64;
        for (int i = 0; i < chunks; i++) {
            cmd.add("-c");
            cmd.add(String.format("write -P 0x%02x %dM 64M", i + 1, i * 64));
        }
        cmd.add(disk.toString());
        long t0 = System.nanoTime();
        String said = run(cmd.toArray(String[]::new));
        int written = said.split("wrote 67108864/67108864", -1).length - 1;
        if (written != chunks) {
            throw new IllegalStateException("qemu-io wrote " + written + " of " + chunks + " chunks: " + said);
        }
        System.out.printf("filled %s with %d GiB in %.1f s%n", disk, DISK_GIB, (System.nanoTime() - t0) / 1e9);
    }

    /** The floor: the stopped disk's chain converted into one qcow2 file next to the backups, flushed. */
    static double floor(Path disk, Path target) throws Exception {
        Files.deleteIfExists(target);
        long t0 = System.nanoTime();
        run("qemu-img", "convert", "-t", "writeback", "-O", "qcow2", disk.toString(), target.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long size = Files.size(target);
        Files.delete(target);
        if (size < DISK_GIB * 1024 * MIB) {
            throw new IllegalStateException("the floor's copy holds only " + size + " bytes");
        }
        return seconds;
    }

    static String run(String... cmd) throws Exception {
        return MigrationBench.run(cmd);
    }

    static Path serialSocket(String domain) throws Exception {
        var m = Pattern.compile("<serial type='unix'>\\s*<source mode='bind' path='([^']+)'")
                .matcher(run("virsh", "dumpxml", domain));
        if (!m.find()) {
            throw new IllegalStateException("no serial socket for " + domain);
        }
        return Path.of(m.group(1));
    }

    /** The guest's root shell on its serial port's socket. */
    static final class Shell implements AutoCloseable {
        private final SocketChannel channel;
        private final StringBuffer seen = new StringBuffer();
        private int marks;

        Shell(Path socket) throws Exception {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            var reader = new Thread(() -> {
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

        /** Until the shell answers (it opens the port just after the boot banner). */
        void ready() throws Exception {
            for (int i = 0; ; i++) {
                try {
                    run("echo ready", 5);
                    return;
                } catch (IllegalStateException e) {
                    if (i == 11) {
                        throw e;
                    }
                }
            }
        }

        /** Runs a command, waits for its end mark, returns what the console showed meanwhile. */
        String run(String command, int seconds) throws Exception {
            int from = seen.length();
            String mark = "DONE-" + (++marks) + ".";
            channel.write(
                    ByteBuffer.wrap((command + "; echo DO''NE-" + marks + ".\n").getBytes(StandardCharsets.US_ASCII)));
            long until = System.nanoTime() + seconds * 1_000_000_000L;
            while (seen.indexOf(mark, from) < 0) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the guest did not finish `" + command + "`; its console: "
                            + seen.substring(Math.max(from, seen.length() - 600)));
                }
                Thread.sleep(100);
            }
            return seen.substring(from);
        }

        @Override
        public void close() throws java.io.IOException {
            channel.close();
        }
    }
}
