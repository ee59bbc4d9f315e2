import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives a running portal over REST: create→RUNNING (the REST create returns once the domain runs) and
 * create→guest booted (the demo's serial banner), 10 sequential and 20 parallel; create time of machines on
 * 1 GiB and 20 GiB base images (qcow2 overlay + define, not started). Prints a table, writes JSON. Sets the demo
 * tenant's quota and checks that placement has room for the 20 parallel machines (bench/run starts the portal with
 * the overcommit they need); any failed request, or a guest that does not boot, fails the run (exit status 1) once
 * the table is printed.
 */
public class ProvisioningBench extends BenchSupport {
    static final int SEQUENTIAL = 10;
    static final int PARALLEL = 20;
    static final int MEMORY_MIB = 256;

    /** What failed, each naming the request or machine; any makes the run fail. */
    static final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] a) throws Exception {
        try {
            run(a);
        } catch (Exception e) {
            failures.add("aborted: " + e);
        }
        if (!failures.isEmpty()) {
            System.out.println("provisioning: FAILED, " + failures.size() + " failure(s):");
            failures.forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
    }

    static void run(String[] a) throws Exception {
        BenchSupport.base = a[0];
        String admin = token("admin", a[1]);
        String demo = token("demo", a[2]);
        Path img1 = Path.of(a[3]), img20 = Path.of(a[4]), logs = Path.of(a[5]), out = Path.of(a[6]);

        String tenants = call("GET", "/api/v1/admin/tenants", admin, null, 200);
        String demoTenant = idOf(tenants, "demo");
        // At most the 20 parallel machines exist at once (each phase deletes its machines, synchronously, before the
        // next; the overlay creates, 512 MiB and up to 20 GiB each, one at a time).
        setQuota(admin, "provisioning", demoTenant, 100, 100_000, 10_000, 100);
        requireRoom(admin, "provisioning", PARALLEL, PARALLEL * MEMORY_MIB);
        String demoTemplate = idOf(call("GET", "/api/v1/templates", demo, null, 200), "Vireo Demo (busybox)");
        String accel = Files.exists(Path.of("/var/lib/vireo/accelerator"))
                ? Files.readString(Path.of("/var/lib/vireo/accelerator")).strip()
                : "?";

        var results = new LinkedHashMap<String, Object>();
        results.put("accelerator", accel);
        System.out.println("accelerator: " + accel);

        for (String mode : new String[] {"sequential", "parallel"}) {
            List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            Callable<Void> one = () -> {
                String name = "bench-" + mode.charAt(0) + "-" + Long.toHexString(System.nanoTime());
                long t0 = System.nanoTime();
                String m = call(
                        "POST",
                        "/api/v1/machines",
                        demo,
                        "{\"name\":\"" + name + "\",\"templateId\":\"" + demoTemplate + "\",\"vcpus\":1,\"memoryMiB\":"
                                + MEMORY_MIB + ",\"diskGiB\":1}",
                        201);
                long running = System.nanoTime() - t0;
                String id = field(m, "id");
                ids.add(id);
                Path serial = logs.resolve("vireo-" + id + ".serial.log");
                long booted = -1;
                while (System.nanoTime() - t0 < 120_000_000_000L) {
                    if (Files.exists(serial) && Files.readString(serial).contains("VIREO-DEMO-BOOTED")) {
                        booted = System.nanoTime() - t0;
                        break;
                    }
                    Thread.sleep(20);
                }
                if (booted < 0) {
                    failures.add(mode + ": " + name + " (" + id + ") is running but its guest did not boot in 120 s");
                }
                samples.add(new long[] {running, booted});
                return null;
            };
            int n = mode.equals("sequential") ? SEQUENTIAL : PARALLEL;
            int failed = 0;
            var pool = Executors.newFixedThreadPool(mode.equals("sequential") ? 1 : n);
            List<Future<Void>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(pool.submit(one));
            }
            for (var f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    failures.add(mode + " create: " + e.getCause().getMessage());
                    System.out.println(mode + " create failed: " + e.getCause().getMessage());
                }
            }
            pool.shutdown();
            for (String id : ids) {
                try {
                    call("DELETE", "/api/v1/machines/" + id, demo, null, 202);
                } catch (Exception e) {
                    failures.add(mode + " delete of " + id + ": " + e.getMessage());
                }
            }
            var running = samples.stream().map(s -> s[0]).toList();
            var booted = samples.stream().map(s -> s[1]).filter(v -> v > 0).toList();
            results.put("create_to_running_" + mode, stats(running));
            results.put("create_to_booted_" + mode, stats(booted));
            results.put(
                    "creates_" + mode,
                    Map.of("asked", (double) n, "succeeded", (double) (n - failed), "booted", (double) booted.size()));
            System.out.printf(
                    "%-34s %s (%d/%d created)%n",
                    "create->RUNNING, " + n + " " + mode, fmt(stats(running)), n - failed, n);
            System.out.printf(
                    "%-34s %s (%d/%d booted)%n",
                    "create->guest booted, " + n + " " + mode, fmt(stats(booted)), booted.size(), n);
        }

        for (Path img : new Path[] {img1, img20}) {
            String label = img.getFileName().toString().replace(".qcow2", "");
            String t = call(
                    "POST",
                    "/api/v1/admin/templates",
                    admin,
                    "{\"name\":\"bench " + label + " " + Long.toHexString(System.nanoTime()) + "\",\"imagePath\":\""
                            + img + "\"}",
                    201);
            String templateId = field(t, "id");
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                String m = call(
                        "POST",
                        "/api/v1/machines",
                        demo,
                        "{\"name\":\"bench-o-" + Long.toHexString(System.nanoTime()) + "\",\"templateId\":\""
                                + templateId + "\",\"start\":false}",
                        201);
                times.add(System.nanoTime() - t0);
                call("DELETE", "/api/v1/machines/" + field(m, "id"), demo, null, 202);
            }
            results.put("create_on_" + label, stats(times));
            System.out.printf("%-34s %s%n", "create (overlay+define) on " + label, fmt(stats(times)));
        }
        Files.writeString(out, json(results));
        System.out.println("written " + out);
    }

    static Map<String, Double> stats(List<Long> nanos) {
        var ms = nanos.stream().map(n -> n / 1e6).sorted().toList();
        var m = new LinkedHashMap<String, Double>();
        if (ms.isEmpty()) {
            return m;
        }
        m.put("n", (double) ms.size());
        m.put("p50_ms", pct(ms, 50));
        m.put("p95_ms", pct(ms, 95));
        m.put("max_ms", ms.get(ms.size() - 1));
        return m;
    }

    static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return Math.round(sorted.get(Math.max(0, i)) * 10) / 10.0;
    }

    static String fmt(Map<String, Double> s) {
        return s.isEmpty()
                ? "n/a"
                : String.format(
                        "p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms", s.get("p50_ms"), s.get("p95_ms"), s.get("max_ms"));
    }

    static String json(Map<String, Object> m) {
        var sb = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(",");
            }
            sb.append("\n  \"").append(e.getKey()).append("\": ");
            if (e.getValue() instanceof Map<?, ?> inner) {
                var parts = new ArrayList<String>();
                inner.forEach((k, v) -> parts.add("\"" + k + "\": " + v));
                sb.append("{").append(String.join(", ", parts)).append("}");
            } else {
                sb.append("\"").append(e.getValue()).append("\"");
            }
        }
        return sb.append("\n}\n").toString();
    }
}
