import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** What the benchmarks share: the portal's REST API, and a process's memory and CPU as Linux and jcmd tell them. */
class BenchSupport {
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;

    static String token(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        var r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                        .header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return field(r.body(), "token");
    }

    static String call(String method, String path, String token, String body, int expected) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        var m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String idOf(String list, String name) {
        var m = Pattern.compile("\\{\"id\":\"([^\"]+)\",\"name\":\"" + Pattern.quote(name) + "\"")
                .matcher(list);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + list);
        }
        return m.group(1);
    }

    /**
     * Sets the tenant's quota (PUT as an operator) and prints the limits the portal answers with, so that a part's
     * output says what room its machines were given.
     */
    static void setQuota(String admin, String part, String tenant, int vcpus, int memoryMiB, int diskGiB, int machines)
            throws Exception {
        String quota = call(
                "PUT",
                "/api/v1/admin/tenants/" + tenant + "/quota",
                admin,
                "{\"vcpus\":" + vcpus + ",\"memoryMiB\":" + memoryMiB + ",\"diskGiB\":" + diskGiB + ",\"machines\":"
                        + machines + "}",
                200);
        var limits = Pattern.compile("\"limits\"\\s*:\\s*(\\{[^}]*})").matcher(quota);
        System.out.println(part + ": tenant quota set to " + (limits.find() ? limits.group(1) : quota));
    }

    /**
     * Placement's room on the portal's hosts (their CPUs and memory times their overcommit ratios, which a fresh
     * portal's own host takes from VIREO_CPU_OVERCOMMIT and VIREO_MEMORY_OVERCOMMIT at its first start), printed;
     * fails naming the shortfall unless {@code vcpus} and {@code memoryMiB} more fit (a fresh portal: its own host,
     * no machine on it yet).
     */
    static void requireRoom(String admin, String part, int vcpus, long memoryMiB) throws Exception {
        String hosts = call("GET", "/api/v1/admin/hosts", admin, null, 200);
        var uris = strings(hosts, "uri");
        var cpus = numbers(hosts, "cpus");
        var memory = numbers(hosts, "memoryMiB");
        var cpuRatio = numbers(hosts, "cpuOvercommit");
        var memoryRatio = numbers(hosts, "memoryOvercommit");
        int n = uris.size();
        if (n == 0 || cpus.size() != n || memory.size() != n || cpuRatio.size() != n || memoryRatio.size() != n) {
            throw new IllegalStateException(part + ": cannot read the hosts' capacity from " + hosts);
        }
        double cpuRoom = 0;
        double memoryRoom = 0;
        for (int i = 0; i < n; i++) {
            cpuRoom += Math.floor(cpus.get(i) * cpuRatio.get(i));
            memoryRoom += Math.floor(memory.get(i) * memoryRatio.get(i));
            System.out.printf(
                    "%s: host %s: %.0f CPUs x overcommit %s = %.0f vCPUs, %.0f MiB x overcommit %s = %.0f MiB%n",
                    part,
                    uris.get(i),
                    cpus.get(i),
                    cpuRatio.get(i),
                    Math.floor(cpus.get(i) * cpuRatio.get(i)),
                    memory.get(i),
                    memoryRatio.get(i),
                    Math.floor(memory.get(i) * memoryRatio.get(i)));
        }
        if (cpuRoom < vcpus || memoryRoom < memoryMiB) {
            throw new IllegalStateException(String.format(
                    "%s: placement has room for %.0f vCPUs and %.0f MiB, the part needs %d vCPUs and %d MiB at once"
                            + " (VIREO_CPU_OVERCOMMIT / VIREO_MEMORY_OVERCOMMIT at the portal's first start)",
                    part, cpuRoom, memoryRoom, vcpus, memoryMiB));
        }
        System.out.printf("%s: needs %d vCPUs and %d MiB at once: fits%n", part, vcpus, memoryMiB);
    }

    static List<String> strings(String json, String name) {
        var found = new ArrayList<String>();
        var m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static List<Double> numbers(String json, String name) {
        var found = new ArrayList<Double>();
        var m = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)")
                .matcher(json);
        while (m.find()) {
            found.add(Double.parseDouble(m.group(1)));
        }
        return found;
    }

    /** A process and its live descendants (websockify forks one per session). */
    static List<Long> tree(long pid) {
        var pids = new ArrayList<Long>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** Proportional set size of a process tree (forked workers share pages), KiB. */
    static long pssKiB(long pid) {
        long total = 0;
        for (long p : tree(pid)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + p + "/smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        total += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return total;
    }

    /** utime + stime of a process tree, in clock ticks (1/100 s on Linux); 0 for no process. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        long total = 0;
        for (long p : tree(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + p + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
            } catch (IOException e) {
                // ended meanwhile
            }
        }
        return total;
    }

    /** Live heap of a JVM after a full collection, KiB (jcmd GC.run, then GC.heap_info). */
    static long heapAfterGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        var m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    static String jcmd(long pid, String command) throws Exception {
        var p = new ProcessBuilder("jcmd", "" + pid, command)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
