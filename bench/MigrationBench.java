import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Live migration between two lab hosts (no shared storage, their own fabric): the portal's move
 * ({@code POST /api/v1/admin/machines/{id}/migrate}, until the machine is on the target and the move is over)
 * against its floor, a bare {@code virsh migrate} of a clone of the same machine (same definition, kernel, initrd and
 * disk content, no NIC) with the same flags, in alternating rounds. The guest writes a heartbeat on its serial port
 * every 100 ms; the lab's serial logs are followed on both hosts and the longest gap between two heartbeats seen
 * here is the downtime as the guest's output shows it (plus the log's flush, the same for both). The machine's 1 GiB
 * disk holds 256 MiB of random data.
 */
public class MigrationBench extends BenchSupport {
    static final String FLOOR = "bench-floor";

    public static void main(String[] a) throws Exception {
        BenchSupport.base = a[0];
        String admin = token("admin", a[1]);
        String demo = token("demo", a[2]);
        var labA = new Lab(a[3]);
        var labB = new Lab(a[4]);
        int rounds = Integer.parseInt(a[5]);
        var out = java.nio.file.Path.of(a[6]);

        String hosts = call("GET", "/api/v1/admin/hosts", admin, null, 200);
        String local = idOfHost(hosts, "local");
        call("POST", "/api/v1/admin/hosts/" + local + "/maintenance", admin, "{\"maintenance\":true}", 200);
        String hostA = register(admin, labA);
        String hostB = register(admin, labB);
        call("POST", "/api/v1/admin/hosts/" + hostB + "/maintenance", admin, "{\"maintenance\":true}", 200);
        String templates = call("GET", "/api/v1/templates", demo, null, 200);
        String template = idOf(templates, "Vireo Demo (busybox)");
        String id = field(
                call(
                        "POST",
                        "/api/v1/machines",
                        demo,
                        "{\"name\":\"mig-bench\",\"templateId\":\"" + template
                                + "\",\"vcpus\":1,\"memoryMiB\":256,\"diskGiB\":1,\"start\":true}",
                        201),
                "id");
        call("POST", "/api/v1/admin/hosts/" + hostB + "/maintenance", admin, "{\"maintenance\":false}", 200);
        String domain = "vireo-" + id;
        try {
            labA.waitFor(domain, "VIREO-DEMO-BOOTED", 180);
            labA.type(
                    domain, "dd if=/dev/urandom of=/dev/vda bs=1M count=256 2>/dev/null; sync; echo FILLED-$((40+2))");
            labA.waitFor(domain, "FILLED-42", 300);
            // the floor: the same machine's definition and disk content under another name, no NIC, no seed
            labA.exec(
                    "cp",
                    "--sparse=always",
                    "/var/lib/vireo/pool/" + domain + ".qcow2",
                    "/var/lib/vireo/pool/" + FLOOR + ".qcow2");
            labA.virsh("pool-refresh", "vireo");
            String xml = labA.virsh("dumpxml", "--inactive", domain)
                    .replace(domain, FLOOR)
                    .replaceAll("(?s)<uuid>.*?</uuid>", "")
                    .replaceAll("(?s)<metadata>.*?</metadata>", "")
                    .replaceAll("(?s)<interface .*?</interface>", "")
                    .replaceAll("(?s)<disk type='file' device='cdrom'>.*?</disk>", "");
            labA.define(xml);
            String started = labA.virsh("start", FLOOR);
            if (!labA.virsh("domstate", FLOOR).contains("running")) {
                throw new IllegalStateException("the floor did not start: " + started + "\n" + xml);
            }
            labA.waitFor(FLOOR, "VIREO-DEMO-BOOTED", 180);
            String heartbeat = "while :; do echo HB; usleep 100000; done &";
            labA.type(domain, heartbeat);
            labA.type(FLOOR, heartbeat);
            Thread.sleep(2000);

            List<Double> portalSeconds = new ArrayList<>(), floorSeconds = new ArrayList<>();
            List<Double> portalGap = new ArrayList<>(), floorGap = new ArrayList<>();
            Lab from = labA, to = labB;
            String fromId = hostA, toId = hostB;
            for (int i = 0; i < rounds; i++) {
                // the portal's move
                try (var watch = new Heartbeats(from, to, domain)) {
                    long t0 = System.nanoTime();
                    call(
                            "POST",
                            "/api/v1/admin/machines/" + id + "/migrate",
                            admin,
                            "{\"hostId\":\"" + toId + "\"}",
                            202);
                    String m;
                    do {
                        Thread.sleep(100);
                        m = call("GET", "/api/v1/machines/" + id, admin, null, 200);
                    } while (!(m.contains("\"hostId\":\"" + toId + "\"") && !m.contains("\"stateDetail\""))
                            && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(10));
                    portalSeconds.add((System.nanoTime() - t0) / 1e9);
                    Thread.sleep(1500);
                    portalGap.add(watch.longestGapMillis());
                }
                // the floor: bare virsh, the same flags and disk
                try (var watch = new Heartbeats(from, to, FLOOR)) {
                    long t0 = System.nanoTime();
                    run(
                            "virsh",
                            "-q",
                            "-c",
                            from.uri,
                            "migrate",
                            "--live",
                            "--persistent",
                            "--undefinesource",
                            "--copy-storage-all",
                            "--migrate-disks",
                            "vda",
                            "--migrateuri",
                            "tcp://" + to.fabric,
                            FLOOR,
                            to.uri);
                    floorSeconds.add((System.nanoTime() - t0) / 1e9);
                    Thread.sleep(1500);
                    floorGap.add(watch.longestGapMillis());
                }
                from.virsh("vol-delete", "--pool", "vireo", FLOOR + ".qcow2");
                System.out.printf(
                        "round %d (%s -> %s): portal %.1f s, gap %.0f ms; bare virsh %.1f s, gap %.0f ms%n",
                        i + 1,
                        from.name,
                        to.name,
                        portalSeconds.get(i),
                        portalGap.get(i),
                        floorSeconds.get(i),
                        floorGap.get(i));
                var l = from;
                from = to;
                to = l;
                var h = fromId;
                fromId = toId;
                toId = h;
            }
            var results = new LinkedHashMap<String, Object>();
            results.put("rounds", rounds);
            results.put("disk", "1 GiB, 256 MiB random data; memory 256 MiB; TCG");
            results.put("portal_seconds", stats(portalSeconds));
            results.put("bare_virsh_seconds", stats(floorSeconds));
            results.put("portal_heartbeat_gap_ms", stats(portalGap));
            results.put("bare_virsh_heartbeat_gap_ms", stats(floorGap));
            System.out.printf("%-40s %s%n", "migration time, portal", fmt(stats(portalSeconds), "s"));
            System.out.printf("%-40s %s%n", "migration time, bare virsh (floor)", fmt(stats(floorSeconds), "s"));
            System.out.printf("%-40s %s%n", "heartbeat gap, portal", fmt(stats(portalGap), "ms"));
            System.out.printf("%-40s %s%n", "heartbeat gap, bare virsh (floor)", fmt(stats(floorGap), "ms"));
            java.nio.file.Files.writeString(out, ProvisioningBench.json(results));
        } finally {
            for (var lab : List.of(labA, labB)) {
                lab.virsh("destroy", FLOOR);
                lab.virsh("undefine", FLOOR);
                lab.virsh("vol-delete", "--pool", "vireo", FLOOR + ".qcow2");
            }
            call("DELETE", "/api/v1/machines/" + id, demo, null, 202);
        }
    }

    static Map<String, Object> stats(List<Double> values) {
        var sorted = new ArrayList<>(values);
        sorted.removeIf(v -> v == null || v < 0);
        Collections.sort(sorted);
        var s = new LinkedHashMap<String, Object>();
        s.put("n", sorted.size());
        if (!sorted.isEmpty()) {
            s.put("median", sorted.get(sorted.size() / 2));
            s.put("min", sorted.get(0));
            s.put("max", sorted.get(sorted.size() - 1));
        }
        return s;
    }

    static String fmt(Map<String, Object> s, String unit) {
        if ((int) s.get("n") == 0) {
            return "n=0";
        }
        return String.format(
                "median %.1f %s (min %.1f, max %.1f, n=%d)",
                (double) s.get("median"), unit, (double) s.get("min"), (double) s.get("max"), (int) s.get("n"));
    }

    static String idOfHost(String list, String name) {
        var m = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"" + name + "\"")
                .matcher(list);
        if (!m.find()) {
            throw new IllegalStateException("no host " + name);
        }
        return m.group(1);
    }

    static String register(String admin, Lab lab) throws Exception {
        return field(
                call(
                        "POST",
                        "/api/v1/admin/hosts",
                        admin,
                        "{\"name\":\"" + lab.name + "\",\"uri\":\"" + lab.uri
                                + "\",\"accelerator\":\"tcg\",\"networkMode\":\"none\",\"dns\":\"none\","
                                + "\"migrationAddress\":\""
                                + lab.fabric + "\"}",
                        201),
                "id");
    }

    static String run(String... cmd) throws Exception {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** A lab host: its URI, fabric address, and commands inside it. */
    static final class Lab {
        final String name;
        final String uri;
        final String fabric;

        Lab(String name) throws Exception {
            this.name = name;
            this.uri = run("scripts/lab-host", "uri", name).strip();
            this.fabric = run("scripts/lab-host", "migration-address", name).strip();
        }

        String virsh(String... args) throws Exception {
            var cmd = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
            cmd.addAll(List.of(args));
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        }

        String exec(String... command) throws Exception {
            var cmd = new ArrayList<>(List.of("scripts/lab-host", "exec", name));
            cmd.addAll(List.of(command));
            return run(cmd.toArray(String[]::new));
        }

        void define(String xml) throws Exception {
            var file = java.nio.file.Files.createTempFile("floor", ".xml");
            java.nio.file.Files.writeString(file, xml);
            String out = virsh("define", file.toString()); // quiet: nothing on success
            java.nio.file.Files.delete(file);
            if (!virsh("domstate", FLOOR).contains("shut off")) {
                throw new IllegalStateException("define failed: " + out);
            }
        }

        /** Types a line into the domain's serial port (its socket in the lab). */
        void type(String domain, String line) throws Exception {
            var m = java.util.regex.Pattern.compile("path='([^']+\\.serial\\.sock)'")
                    .matcher(virsh("dumpxml", domain));
            if (!m.find()) {
                throw new IllegalStateException("no serial socket for " + domain);
            }
            exec("bash", "-c", "printf '%s\\r' \"$1\" | socat -t1 - UNIX-CONNECT:" + m.group(1), "type", line);
        }

        void waitFor(String domain, String text, int seconds) throws Exception {
            long until = System.currentTimeMillis() + seconds * 1000L;
            while (System.currentTimeMillis() < until) {
                if (exec("bash", "-c", "cat /var/log/libvirt/qemu/" + domain + ".serial.log 2>/dev/null || true")
                        .contains(text)) {
                    return;
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(domain + " on " + name + " did not show " + text + "; "
                    + virsh("domstate", "--reason", domain)
                    + exec(
                            "bash",
                            "-c",
                            "ls -l /var/log/libvirt/qemu/; tail -c 2000 " + "/var/log/libvirt/qemu/" + domain
                                    + ".serial.log 2>&1 || true"));
        }
    }

    /** Follows the domain's serial log on both labs; the arrival time of each heartbeat line. */
    static final class Heartbeats implements AutoCloseable {
        private final List<Process> tails = new ArrayList<>();
        private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

        Heartbeats(Lab a, Lab b, String domain) throws Exception {
            for (var lab : List.of(a, b)) {
                var p = new ProcessBuilder(
                                "scripts/lab-host",
                                "exec",
                                lab.name,
                                "tail",
                                "-F",
                                "-n",
                                "0",
                                "-s",
                                "0.01",
                                "/var/log/libvirt/qemu/" + domain + ".serial.log")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                tails.add(p);
                var t = new Thread(() -> {
                    try (var in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.contains("HB")) {
                                arrivals.add(System.nanoTime());
                            }
                        }
                    } catch (java.io.IOException ignored) {
                        // the tail ended
                    }
                });
                t.setDaemon(true);
                t.start();
            }
            Thread.sleep(1000); // both tails follow before the move starts
        }

        double longestGapMillis() {
            List<Long> times;
            synchronized (arrivals) {
                times = new ArrayList<>(arrivals);
            }
            Collections.sort(times);
            long longest = 0;
            for (int i = 1; i < times.size(); i++) {
                longest = Math.max(longest, times.get(i) - times.get(i - 1));
            }
            return times.size() < 2 ? -1 : longest / 1e6;
        }

        @Override
        public void close() {
            tails.forEach(p -> p.descendants().forEach(ProcessHandle::destroy));
            tails.forEach(Process::destroy);
        }
    }
}
