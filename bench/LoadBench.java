import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on one portal: 200 console sessions (20 users x 10, 20 per machine on 10 running machines) speaking VNC
 * through the embedded proxy, and 100 REST clients in bounded loops, for a fixed time (default 300 s), all on
 * loopback. Counts every error; compares the portal's file descriptors, threads and heap after a full GC with the
 * baseline taken before the load. Sets the demo tenant's quota for its machines and checks that placement has room
 * for them (bench/run starts the portal with the overcommit they need). Exit status 1 on any failed request (a
 * failed set-up request ends the run at once, naming it), any error under load, or a leak beyond small margins.
 *
 * <p>Usage: LoadBench BASE_URL ADMIN_PASSWORD DEMO_PASSWORD PORTAL_PID SECONDS OUT_JSON
 */
public class LoadBench {
    static final int USERS = 20;
    static final int SESSIONS_PER_USER = 10;
    static final int MACHINES = 10;
    static final int MEMORY_MIB = 128;
    static final int API_CLIENTS = 100;
    static final int SETTLE_SECONDS = 75;

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            System.out.println("load: FAILED: " + e);
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        BenchSupport.base = args[0];
        String adminPassword = args[1];
        String demoPassword = args[2];
        long pid = Long.parseLong(args[3]);
        int seconds = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);

        String admin = BenchSupport.token("admin", adminPassword);
        String demo = BenchSupport.token("demo", demoPassword);
        String tenant = BenchSupport.idOf(BenchSupport.call("GET", "/api/v1/admin/tenants", admin, null, 200), "demo");
        BenchSupport.setQuota(admin, "load", tenant, 16, 8192, 100, 12);
        BenchSupport.requireRoom(admin, "load", MACHINES, MACHINES * MEMORY_MIB);
        var tokens = new ArrayList<String>();
        for (int u = 0; u < USERS; u++) {
            String name = String.format("load-%02d", u);
            BenchSupport.call(
                    "POST",
                    "/api/v1/admin/tenants/" + tenant + "/users",
                    admin,
                    "{\"username\":\"" + name + "\",\"password\":\"load-password-1\",\"role\":\"MEMBER\"}",
                    201);
            tokens.add(BenchSupport.token(name, "load-password-1"));
        }
        String template = BenchSupport.idOf(
                BenchSupport.call("GET", "/api/v1/templates", demo, null, 200), "Vireo Demo (busybox)");
        var machines = new ArrayList<String>();
        for (int m = 0; m < MACHINES; m++) {
            machines.add(BenchSupport.field(
                    BenchSupport.call(
                            "POST",
                            "/api/v1/machines",
                            demo,
                            "{\"name\":\"load-" + m + "\",\"templateId\":\"" + template
                                    + "\",\"vcpus\":1,\"memoryMiB\":" + MEMORY_MIB + ",\"diskGiB\":1,\"start\":true}",
                            201),
                    "id"));
        }
        String origin = args[0].replace("localhost", "127.0.0.1");
        var http = HttpClient.newHttpClient();
        var errors = new ConcurrentLinkedQueue<String>();
        var running = new AtomicBoolean(true);

        // Warm-up, so that the baseline already has the pools that grow on first use (proxy event loops, server
        // threads): a few consoles and parallel API calls, then all closed and idle past Tomcat's keep-alive and
        // idle-thread timeouts (20 s / 60 s). The same wait follows the load before "after" is measured.
        var warm = new ArrayList<Vnc>();
        for (int k = 0; k < SESSIONS_PER_USER; k++) {
            String url = BenchSupport.field(
                    BenchSupport.call(
                            "POST", "/api/v1/machines/" + machines.get(k) + "/console", tokens.get(0), null, 201),
                    "url");
            var vnc = new Vnc(errors, running);
            http.newWebSocketBuilder()
                    .header("Origin", origin)
                    .buildAsync(URI.create(url), vnc)
                    .get(10, TimeUnit.SECONDS);
            warm.add(vnc);
        }
        var warmClients = new ArrayList<Thread>();
        for (int c = 0; c < 20; c++) {
            var t = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    try {
                        BenchSupport.call("GET", "/api/v1/machines", demo, null, 200);
                    } catch (Exception e) {
                        errors.add("warm-up: " + e);
                    }
                }
            });
            t.start();
            warmClients.add(t);
        }
        for (var t : warmClients) {
            t.join();
        }
        Thread.sleep(3_000);
        warm.forEach(s -> s.close());
        System.out.printf(
                "load: %d machines running, %d users, warmed up; idle %d s for the baseline%n",
                MACHINES, USERS, SETTLE_SECONDS);
        Thread.sleep(SETTLE_SECONDS * 1000L);
        var before = Figures.of(pid);
        var namesBefore = threadNames(pid);
        System.out.println("baseline: " + before);
        var sessions = new ArrayList<Vnc>();
        long t0 = System.nanoTime();
        for (int u = 0; u < USERS; u++) {
            for (int k = 0; k < SESSIONS_PER_USER; k++) {
                String machine = machines.get(k % MACHINES);
                String url = BenchSupport.field(
                        BenchSupport.call("POST", "/api/v1/machines/" + machine + "/console", tokens.get(u), null, 201),
                        "url");
                var vnc = new Vnc(errors, running);
                vnc.ws = http.newWebSocketBuilder()
                        .header("Origin", origin)
                        .buildAsync(URI.create(url), vnc)
                        .get(10, TimeUnit.SECONDS);
                sessions.add(vnc);
            }
        }
        System.out.printf(
                "load: %d console sessions open in %.1f s%n", sessions.size(), (System.nanoTime() - t0) / 1e9);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        var tick = new AtomicLong();
        ticker.scheduleAtFixedRate(
                () -> {
                    boolean full = tick.incrementAndGet() % 10 == 0; // a whole screen every 10 s, changes every second
                    sessions.forEach(s -> s.requestUpdate(full));
                },
                1,
                1,
                TimeUnit.SECONDS);

        var requests = new AtomicLong();
        var latencies = Collections.synchronizedList(new ArrayList<Long>());
        var clients = new ArrayList<Thread>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (int c = 0; c < API_CLIENTS; c++) {
            String token = c % 5 == 0 ? demo : tokens.get(c % USERS);
            String machine = machines.get(c % MACHINES);
            var client = new Thread(() -> {
                var paths = List.of(
                        "/api/v1/machines",
                        "/api/v1/quota",
                        "/api/v1/machines/" + machine,
                        "/api/v1/templates",
                        "/api/v1/tokens");
                for (int i = 0; System.nanoTime() < deadline && running.get(); i++) {
                    boolean ticket = i % 25 == 24;
                    String path = ticket ? "/api/v1/machines/" + machine + "/console" : paths.get(i % paths.size());
                    long s = System.nanoTime();
                    try {
                        var b = HttpRequest.newBuilder(URI.create(BenchSupport.base + path))
                                .header("Authorization", "Bearer " + token);
                        b = ticket ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
                        var r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != (ticket ? 201 : 200)) {
                            errors.add(path + " -> " + r.statusCode());
                        }
                    } catch (Exception e) {
                        errors.add(path + " -> " + e);
                    }
                    latencies.add(System.nanoTime() - s);
                    requests.incrementAndGet();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        var peak = before;
        while (System.nanoTime() < deadline) {
            Thread.sleep(30_000);
            var now = Figures.of(pid, false);
            peak = peak.max(now);
            long open = sessions.stream().filter(s -> s.ready && !s.closed).count();
            System.out.printf(
                    "t=%3.0f s: %d requests, %d errors, %d/%d consoles streaming (%d MB), %s%n",
                    (System.nanoTime() - t0) / 1e9,
                    requests.get(),
                    errors.size(),
                    open,
                    sessions.size(),
                    sessions.stream().mapToLong(s -> s.bytes.get()).sum() >> 20,
                    now);
        }
        for (var c : clients) {
            c.join();
        }
        running.set(false);
        ticker.shutdownNow();
        long notReady = sessions.stream().filter(s -> !s.ready || s.closed).count();
        long consoleBytes = sessions.stream().mapToLong(s -> s.bytes.get()).sum();
        sessions.forEach(Vnc::close);
        System.out.printf("load over; idle %d s before measuring again%n", SETTLE_SECONDS);
        Thread.sleep(SETTLE_SECONDS * 1000L);
        var after = Figures.of(pid);
        var namesAfter = threadNames(pid);
        for (String m : machines) {
            BenchSupport.call("DELETE", "/api/v1/machines/" + m, demo, null, 202);
        }

        var sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get((int) (sorted.size() * 0.99)) / 1e6;
        boolean fdLeak = after.fds > before.fds + 16;
        boolean threadLeak = after.threads > before.threads + 8;
        boolean heapLeak = after.heapKiB > before.heapKiB * 5 / 4 + 16 * 1024;
        System.out.printf(
                "%nLoad: %d s, %d console sessions (%d not streaming at the end, %d MB relayed), "
                        + "%d API requests (%.0f/s, p50 %.1f ms, p99 %.1f ms), %d errors%n",
                seconds,
                sessions.size(),
                notReady,
                consoleBytes >> 20,
                requests.get(),
                requests.get() / (double) seconds,
                p50,
                p99,
                errors.size());
        System.out.printf("portal before: %s%nportal peak:   %s%nportal after:  %s%n", before, peak, after);
        System.out.printf(
                "leaks: fds %s, threads %s, heap %s%n",
                fdLeak ? "YES" : "no", threadLeak ? "YES" : "no", heapLeak ? "YES" : "no");
        // which threads there are more of after the idle wait than at the baseline (a leak, or a pool to bound)
        namesAfter.forEach((name, n) -> {
            int was = namesBefore.getOrDefault(name, 0);
            if (n > was) {
                System.out.printf("  threads \"%s\": %d at the baseline, %d after%n", name, was, n);
            }
        });
        errors.stream().limit(10).forEach(e -> System.out.println("  error: " + e));
        Files.writeString(
                out,
                String.format(
                        Locale.ROOT,
                        "{\"seconds\":%d,\"consoleSessions\":%d,"
                                + "\"consolesNotStreamingAtEnd\":%d,\"consoleMiB\":%d,\"apiRequests\":%d,"
                                + "\"apiP50Ms\":%.2f,"
                                + "\"apiP99Ms\":%.2f,\"errors\":%d,\"before\":%s,\"peak\":%s,\"after\":%s,"
                                + "\"leak\":{\"fds\":%b,\"threads\":%b,\"heap\":%b}}",
                        seconds,
                        sessions.size(),
                        notReady,
                        consoleBytes >> 20,
                        requests.get(),
                        p50,
                        p99,
                        errors.size(),
                        before.json(),
                        peak.json(),
                        after.json(),
                        fdLeak,
                        threadLeak,
                        heapLeak));
        if (!errors.isEmpty() || notReady > 0 || fdLeak || threadLeak || heapLeak) {
            System.out.printf(
                    "load: FAILED: %d errors, %d consoles not streaming at the end, leaks: fds %b threads %b heap %b%n",
                    errors.size(), notReady, fdLeak, threadLeak, heapLeak);
            System.exit(1);
        }
    }

    /**
     * The portal's threads by name, numbers taken out ("http-nio-8080-exec-12" counts as "http-nio-#-exec-#"), as
     * the kernel keeps them (the first 15 characters of a Java thread's name).
     */
    static Map<String, Integer> threadNames(long pid) throws Exception {
        var names = new TreeMap<String, Integer>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    names.merge(name, 1, Integer::sum);
                } catch (IOException gone) {
                    // the thread ended while listed
                }
            }
        }
        return names;
    }

    /** File descriptors, threads and (after a full GC) heap of the portal process. */
    record Figures(long fds, long threads, long heapKiB) {
        static Figures of(long pid) throws Exception {
            return of(pid, true);
        }

        static Figures of(long pid, boolean gc) throws Exception {
            long fds;
            try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = list.count();
            }
            long threads = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Threads:"))
                    .mapToLong(l -> Long.parseLong(l.split("\\s+")[1]))
                    .findFirst()
                    .orElse(-1);
            return new Figures(fds, threads, gc ? BenchSupport.heapAfterGc(pid) : -1);
        }

        Figures max(Figures o) {
            return new Figures(Math.max(fds, o.fds), Math.max(threads, o.threads), Math.max(heapKiB, o.heapKiB));
        }

        String json() {
            return String.format("{\"fds\":%d,\"threads\":%d,\"heapKiB\":%d}", fds, threads, heapKiB);
        }

        @Override
        public String toString() {
            return fds + " fds, " + threads + " threads"
                    + (heapKiB < 0 ? "" : ", heap after GC " + (heapKiB >> 10) + " MiB");
        }
    }

    /** A VNC client: RFB 3.8 handshake with security "None", then framebuffer update requests; counts bytes. */
    static final class Vnc implements WebSocket.Listener {
        final ConcurrentLinkedQueue<String> errors;
        final AtomicBoolean running;
        final AtomicLong bytes = new AtomicLong();
        volatile WebSocket ws;
        volatile boolean ready;
        volatile boolean closed;
        volatile boolean closing;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private int stage;
        private int width;
        private int height;

        Vnc(ConcurrentLinkedQueue<String> errors, AtomicBoolean running) {
            this.errors = errors;
            this.running = running;
        }

        @Override
        public void onOpen(WebSocket ws) {
            this.ws = ws; // before any message: buildAsync() may complete after the first one arrived
            ws.request(1);
        }

        void close() {
            closing = true;
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            bytes.addAndGet(data.remaining());
            if (!ready) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                pending.writeBytes(b);
                handshake(ws);
            }
            ws.request(1);
            return null;
        }

        private void handshake(WebSocket ws) {
            byte[] b = pending.toByteArray();
            int used = 0;
            if (stage == 0 && b.length >= 12) {
                ws.sendBinary(ByteBuffer.wrap("RFB 003.008\n".getBytes()), true);
                used = 12;
                stage = 1;
            } else if (stage == 1 && b.length >= 1 && b.length >= 1 + (b[0] & 0xff)) {
                ws.sendBinary(ByteBuffer.wrap(new byte[] {1}), true); // security type None
                used = 1 + (b[0] & 0xff);
                stage = 2;
            } else if (stage == 2 && b.length >= 4) {
                ws.sendBinary(ByteBuffer.wrap(new byte[] {1}), true); // ClientInit, shared
                used = 4;
                stage = 3;
            } else if (stage == 3 && b.length >= 24) {
                int nameLength =
                        ((b[20] & 0xff) << 24) | ((b[21] & 0xff) << 16) | ((b[22] & 0xff) << 8) | (b[23] & 0xff);
                if (b.length >= 24 + nameLength) {
                    width = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
                    height = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                    used = 24 + nameLength;
                    ready = true;
                    requestUpdate(true);
                }
            }
            if (used > 0) {
                pending.reset();
                pending.write(b, used, b.length - used);
                if (!ready) {
                    handshake(ws);
                }
            }
        }

        void requestUpdate(boolean full) {
            if (!ready || closed) {
                return;
            }
            var r = ByteBuffer.allocate(10)
                    .put((byte) 3)
                    .put((byte) (full ? 0 : 1))
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) width)
                    .putShort((short) height)
                    .flip();
            ws.sendBinary(r, true).exceptionally(e -> {
                errors.add("console send: " + e);
                return null;
            });
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed = true;
            if (running.get() && !closing) {
                errors.add("console closed during the load: " + status + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed = true;
            if (running.get() && !closing) {
                errors.add("console error: " + error);
            }
        }
    }
}
