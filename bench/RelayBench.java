import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.vireo.consoleproxy.HmacTickets;

/**
 * Console relay benchmark. One local TCP source/sink/echo server (the "VNC server"), one Netty client load, and the
 * same load through: the portal's embedded console proxy (the product's default path, the headline row), Vireo's
 * console-proxy as the standalone jar (its own JVM), Debian's websockify, Debian's socat (TCP only), a plain Netty TCP
 * pipe with no WebSocket built like the proxy (bench/PlainRelay.java, the floor) and no relay at all ("direct").
 * Measures bulk throughput (1 and 50 streams, both directions), 200-byte round trips (1 and 200 sessions) in
 * interleaved rounds: each round measures every relay once, in a seeded random order, and each cell is reported as
 * the median and min-max over the rounds. Then memory per idle session (PSS of the relay's process tree, heap after a
 * full GC for the JVMs), a ceiling (one thread copying 64 KiB direct buffers), and, with a portal, the REST half of
 * the path: issuing a console ticket for a running demo machine, and that ticket to the guest's RFB greeting.
 * Usage (bench/run compiles bench/ and starts the portal): java -cp target/bench:console-proxy-standalone.jar
 * RelayBench out.json proxy.jar [idle [adminPassword demoPassword]]; environment: VIREO_CONSOLE_SECRET (the
 * portal's ticket key, base64), RELAY_PORTAL (its URL), RELAY_PORTAL_PID, RELAY_CONSOLE_PORT (its embedded proxy);
 * RELAY_ROUNDS (5), RELAY_SECONDS (1.0, per measured cell), RELAY_SEED (the random order's; printed).
 */
public class RelayBench extends BenchSupport {
    static final String ORIGIN = "http://bench.invalid";
    static final int CHUNK = 64 * 1024;
    static final ByteBuf SOURCE =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer(CHUNK).writeZero(CHUNK));
    static final LongAdder SINK = new LongAdder();
    static final EventLoopGroup CLIENT = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    static final EventLoopGroup TARGET = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    static final WriteBufferWaterMark MARKS = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    /** Unmeasured lead-in of each cell (streams and sessions settle), then the measured seconds. */
    static final double WARM_SECONDS = 0.5;

    static int targetPort;
    static HmacTickets tickets;
    static final List<Process> processes = new CopyOnWriteArrayList<>();

    /** {@code ticketed}: Vireo's proxy, which wants a ticket naming the target; {@code jvm}: heap can be read. */
    record Relay(String name, int port, boolean webSocket, long pid, boolean jvm, boolean ticketed) {
        String uri(int i) {
            return ticketed
                    ? "ws://127.0.0.1:" + port + "/console?ticket="
                            + tickets.issue("bench" + i, "m" + i, "127.0.0.1", targetPort, Duration.ofMinutes(10))
                    : "ws://127.0.0.1:" + port + "/";
        }
    }

    /** A cell over the rounds. */
    record Spread(double median, double min, double max, List<Double> rounds) {
        static Spread of(List<Double> values) {
            double[] v =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            return new Spread(round(median), v[0], v[n - 1], values);
        }
    }

    public static void main(String[] a) {
        try {
            run(a);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        String proxyJar = a[1];
        int idleSessions = a.length > 2 ? Integer.parseInt(a[2]) : 1000;
        int rounds = Integer.parseInt(env("RELAY_ROUNDS", "5"));
        double seconds = Double.parseDouble(env("RELAY_SECONDS", "1.0"));
        long seed = Long.parseLong(env("RELAY_SEED", "" + (System.currentTimeMillis() % 1_000_000)));
        String portal = System.getenv("RELAY_PORTAL");
        requireCommand("websockify");
        requireCommand("socat");
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> processes.forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                })));
        targetPort = ((InetSocketAddress) new ServerBootstrap()
                        .group(TARGET)
                        .channel(NioServerSocketChannel.class)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, MARKS)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new Target());
                            }
                        })
                        .bind("127.0.0.1", 0)
                        .sync()
                        .channel()
                        .localAddress())
                .getPort();
        // The portal's key when it runs (its embedded proxy redeems the bench's tickets), shared with the jar.
        String secret = System.getenv("VIREO_CONSOLE_SECRET");
        byte[] key = secret == null || secret.isBlank()
                ? HmacTickets.randomKey()
                : Base64.getDecoder().decode(secret);
        tickets = new HmacTickets(key);

        int vireoPort = freePort(), wsPort = freePort(), socatPort = freePort(), plainPort = freePort();
        var command = new ArrayList<String>(List.of("java"));
        String opts = System.getenv("VIREO_PROXY_JAVA_OPTS"); // e.g. a JFR recording while profiling
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.strip().split("\\s+")));
        }
        command.addAll(List.of("-jar", proxyJar));
        var pb = new ProcessBuilder(command);
        pb.environment()
                .putAll(Map.of(
                        "VIREO_CONSOLE_SECRET",
                        Base64.getEncoder().encodeToString(key),
                        "VIREO_CONSOLE_PORT",
                        "" + vireoPort,
                        "VIREO_CONSOLE_BIND",
                        "127.0.0.1",
                        "VIREO_CONSOLE_ORIGINS",
                        ORIGIN,
                        "VIREO_CONSOLE_MAX_PER_USER",
                        "100000",
                        "VIREO_CONSOLE_MAX_PER_MACHINE",
                        "100000"));
        var relays = new ArrayList<Relay>();
        if (portal != null) {
            relays.add(new Relay(
                    "embedded",
                    Integer.parseInt(System.getenv("RELAY_CONSOLE_PORT")),
                    true,
                    Long.parseLong(System.getenv("RELAY_PORTAL_PID")),
                    true,
                    true));
        } else {
            System.out.println("relay bench: no RELAY_PORTAL: the portal's embedded proxy is not measured");
        }
        relays.add(new Relay("standalone", vireoPort, true, start(pb, "vireo-proxy", vireoPort), true, true));
        var websockify = new ProcessBuilder("websockify", "127.0.0.1:" + wsPort, "127.0.0.1:" + targetPort);
        relays.add(new Relay("websockify", wsPort, true, start(websockify, "websockify", wsPort), false, false));
        // socat's defaults (8 KiB reads), one forked process per connection, as websockify.
        var socat = new ProcessBuilder(
                "socat", "TCP-LISTEN:" + socatPort + ",bind=127.0.0.1,fork,reuseaddr", "TCP:127.0.0.1:" + targetPort);
        relays.add(new Relay("socat", socatPort, false, start(socat, "socat", socatPort), false, false));
        var plain = new ProcessBuilder(
                "java", "-cp", System.getProperty("java.class.path"), "PlainRelay", "" + plainPort, "" + targetPort);
        relays.add(new Relay("plain", plainPort, false, start(plain, "plain-relay", plainPort), true, false));
        relays.add(new Relay("direct", targetPort, false, -1, false, false));
        String only = System.getenv("RELAY_ONLY"); // profiling aid: measure one relay only
        if (only != null) {
            relays.removeIf(r -> !r.name.equals(only));
        }

        System.out.printf(
                "relay bench: %d rounds, each cell %.1f s lead-in + %.1f s measured; seed %d%n",
                rounds, WARM_SECONDS, seconds, seed);
        // Warm-up, unmeasured: the client's and each relay's code paths (JIT), one stream each way and round trips.
        System.out.println("relay bench: warm-up through "
                + relays.stream().map(Relay::name).toList());
        for (var r : relays) {
            throughput(r, 1, true, 0.5);
            throughput(r, 1, false, 0.5);
            latency(r, 1, 0, 0.5);
        }
        var samples = new LinkedHashMap<String, Map<String, List<Double>>>();
        relays.forEach(r -> samples.put(r.name, new LinkedHashMap<>()));
        var memcpy = new ArrayList<Double>();
        var orders = new ArrayList<List<String>>();
        var random = new Random(seed);
        long t0 = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            var order = new ArrayList<>(relays);
            Collections.shuffle(order, random);
            orders.add(order.stream().map(Relay::name).toList());
            System.out.printf("relay bench: round %d of %d: %s%n", round, rounds, orders.get(round - 1));
            memcpy.add(memcpyMBps(0.5));
            for (var r : order) {
                var m = new LinkedHashMap<String, Object>();
                m.putAll(throughput(r, 1, true, seconds));
                m.putAll(throughput(r, 50, true, seconds));
                m.putAll(throughput(r, 1, false, seconds));
                m.putAll(throughput(r, 50, false, seconds));
                m.putAll(latency(r, 1, 0, seconds));
                m.putAll(latency(r, 200, 20, seconds));
                m.forEach((k, v) -> samples.get(r.name)
                        .computeIfAbsent(k, x -> new ArrayList<>())
                        .add(((Number) v).doubleValue()));
            }
        }
        System.out.printf("relay bench: %d rounds in %.0f s%n", rounds, (System.nanoTime() - t0) / 1e9);

        var results = new LinkedHashMap<String, Map<String, Object>>();
        samples.forEach((name, cells) -> {
            var m = new LinkedHashMap<String, Object>();
            cells.forEach((k, v) -> m.put(k, Spread.of(v)));
            results.put(name, m);
        });
        for (var r : relays) {
            if (r.pid > 0) {
                System.out.printf("relay bench: %d idle sessions through %s%n", idleSessions, r.name);
                results.get(r.name).putAll(idle(r, idleSessions));
            }
        }
        var ceiling = Spread.of(memcpy);
        var percent = new LinkedHashMap<String, Object>();
        for (var r : relays) {
            var m = new LinkedHashMap<String, Object>();
            for (String cell : List.of("s2c_1", "s2c_50", "c2s_1", "c2s_50")) {
                m.put(cell, round(100 * median(results, r.name, cell + "_MBps") / ceiling.median));
            }
            percent.put(r.name, m);
        }
        Map<String, Object> rest = Map.of();
        Exception restFailed = null;
        if (portal != null && a.length > 4) {
            try {
                rest = restTickets(portal, a[3], a[4], Integer.parseInt(System.getenv("RELAY_CONSOLE_PORT")), 25);
            } catch (Exception e) { // the relay figures are still written; the part fails at the end
                restFailed = e;
                rest = Map.of("rest_failed", e.toString());
            }
        }

        var ratios = new LinkedHashMap<String, Object>();
        var targets = new LinkedHashMap<String, Object>();
        String head = portal != null ? "embedded" : "standalone";
        if (only == null) {
            for (String cell : List.of("s2c_1", "s2c_50", "c2s_1", "c2s_50")) {
                target(ratios, targets, results, head, "websockify", cell + "_MBps", ">=", 1.0);
            }
            for (String cell : List.of("s2c_1", "s2c_50", "c2s_1", "c2s_50")) {
                target(ratios, targets, results, head, "plain", cell + "_MBps", ">=", 0.9);
            }
            target(ratios, targets, results, head, "websockify", "s2c_50_cpu_s_per_GB", "<=", 0.5);
            target(ratios, targets, results, head, "websockify", "c2s_50_cpu_s_per_GB", "<=", 0.5);
            if (portal != null) {
                ratio(ratios, results, "standalone", "embedded", "s2c_50_MBps");
                ratio(ratios, results, "standalone", "embedded", "c2s_50_MBps");
            }
            ratio(ratios, results, "socat", "plain", "s2c_1_MBps");
            ratio(ratios, results, "socat", "plain", "c2s_1_MBps");
            ratio(ratios, results, "plain", "direct", "s2c_1_MBps");
            ratio(ratios, results, "plain", "direct", "c2s_1_MBps");
            ratios.put(
                    head + "_added_p99_ms_200",
                    round(median(results, head, "rtt_200_p99_ms") - median(results, "direct", "rtt_200_p99_ms")));
            ratio(ratios, results, head, "websockify", "idle_pss_KiB_per_session");
        }

        printTable(results);
        System.out.printf(
                "%nceiling: one thread copying 64 KiB direct buffers (cache-resident): %s MB/s%n", cell(ceiling));
        System.out.printf("%-28s", "relay as % of that ceiling");
        percent.keySet().forEach(n -> System.out.printf("%14s", n));
        System.out.println();
        for (String cell : List.of("s2c_1", "s2c_50", "c2s_1", "c2s_50")) {
            System.out.printf("%-28s", cell);
            percent.values().forEach(m -> System.out.printf("%14s", ((Map<?, ?>) m).get(cell)));
            System.out.println();
        }
        System.out.println();
        ratios.forEach((k, v) ->
                System.out.printf("%-44s %s%s%n", k, v, targets.containsKey(k) ? "   target " + targets.get(k) : ""));
        rest.forEach((k, v) -> System.out.printf("%-44s %s%n", k, v));
        var json = new StringBuilder("{\"relays\":")
                .append(toJson(results))
                .append(",\"ratios\":")
                .append(toJson(ratios))
                .append(",\"targets\":")
                .append(toJson(targets))
                .append(",\"ceiling\":{\"memcpy_MBps\":")
                .append(toJson(ceiling))
                .append(",\"percent_of_memcpy\":")
                .append(toJson(percent))
                .append("},\"rest\":")
                .append(toJson(rest))
                .append(",\"rounds\":{\"n\":")
                .append(rounds)
                .append(",\"seconds_per_cell\":")
                .append(seconds)
                .append(",\"lead_in_seconds\":")
                .append(WARM_SECONDS)
                .append(",\"seed\":")
                .append(seed)
                .append(",\"orders\":")
                .append(toJson(orders))
                .append("},\"machine\":{\"cpus\":")
                .append(Runtime.getRuntime().availableProcessors())
                .append("}}");
        Files.writeString(out, json);
        if (restFailed != null) {
            throw new IllegalStateException("console tickets over REST failed", restFailed);
        }
    }

    // --- measurements -----------------------------------------------------------------------------------------

    /**
     * Bulk MB/s (10^6 bytes) summed over {@code streams}, after the lead-in, over {@code seconds}; and the CPU time
     * the relay (its process tree) spent per GB, which does not depend on how the 2 cores were shared with client
     * and target. The portal's figure includes what else it does meanwhile (its periodic jobs).
     */
    static Map<String, Object> throughput(Relay r, int streams, boolean toClient, double seconds) throws Exception {
        var received = new LongAdder();
        var channels = open(r, streams, () -> toClient ? new Receiver(received) : new Pumper());
        sleep(WARM_SECONDS);
        LongAdder counter = toClient ? received : SINK;
        long before = counter.sum();
        long cpu0 = cpuTicks(r.pid);
        long t0 = System.nanoTime();
        sleep(seconds);
        long bytes = counter.sum() - before;
        double mbps = bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
        long cpu = cpuTicks(r.pid) - cpu0;
        closeAll(channels);
        String key = (toClient ? "s2c_" : "c2s_") + streams;
        var m = new LinkedHashMap<String, Object>();
        m.put(key + "_MBps", round(mbps));
        if (r.pid > 0) {
            m.put(key + "_cpu_s_per_GB", round(cpu / 100.0 / (bytes / 1e9)));
        }
        return m;
    }

    /**
     * Round trips of 200-byte messages; each session sends one every {@code paceMs} (0: as soon as answered), timed
     * from when it was due: a late answer also delays the next sends, and that wait counts (no coordinated omission).
     */
    static Map<String, Object> latency(Relay r, int sessions, int paceMs, double seconds) throws Exception {
        var samples = new CopyOnWriteArrayList<long[]>();
        var pingers = new ArrayList<Pinger>();
        var channels = open(r, sessions, () -> {
            var p = new Pinger(paceMs);
            synchronized (pingers) {
                pingers.add(p);
            }
            return p;
        });
        sleep(WARM_SECONDS);
        pingers.forEach(p -> p.recording = true);
        sleep(seconds);
        pingers.forEach(p -> p.recording = false);
        closeAll(channels);
        long[] all = pingers.stream()
                .flatMapToLong(p -> Arrays.stream(p.samples, 0, p.count))
                .sorted()
                .toArray();
        var m = new LinkedHashMap<String, Object>();
        m.put("rtt_" + sessions + "_p50_ms", round(pct(all, 50) / 1e6));
        m.put("rtt_" + sessions + "_p99_ms", round(pct(all, 99) / 1e6));
        m.put("rtt_" + sessions + "_samples", all.length);
        return m;
    }

    /** Memory of the relay process (tree) per idle session, {@code n} sessions open at once. */
    static Map<String, Object> idle(Relay r, int n) throws Exception {
        boolean jvm = r.jvm;
        long heap0 = jvm ? heapAfterGc(r.pid) : 0;
        long pss0 = pssKiB(r.pid);
        long t0 = System.nanoTime();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < n; i += 100) {
            channels.addAll(open(r, Math.min(100, n - i), Idle::new));
        }
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1500);
        long alive = channels.stream().filter(Channel::isActive).count();
        long heap1 = jvm ? heapAfterGc(r.pid) : 0;
        long pss1 = pssKiB(r.pid);
        int procs = (int) ProcessHandle.of(r.pid)
                .map(p -> p.descendants().count() + 1)
                .orElse(0L)
                .longValue();
        closeAll(channels);
        var m = new LinkedHashMap<String, Object>();
        m.put("idle_sessions_asked", n);
        m.put("idle_sessions", alive); // still open 1.5 s after all were upgraded
        m.put("idle_open_s", round(openSeconds));
        m.put("idle_processes", procs);
        m.put("idle_pss_MiB_total", round(pss1 / 1024.0));
        m.put("idle_pss_KiB_per_session", round((pss1 - pss0) / (double) Math.max(1, alive)));
        if (jvm) {
            m.put("idle_heap_KiB_per_session", round((heap1 - heap0) / (double) Math.max(1, alive)));
        }
        return m;
    }

    // --- client connections -----------------------------------------------------------------------------------

    /** Opens {@code n} sessions and waits until each can carry data (WebSocket upgraded / TCP connected). */
    static List<Channel> open(Relay r, int n, Supplier<Session> handler) throws Exception {
        var ready = new ArrayList<CompletableFuture<Channel>>();
        var sessions = new ArrayList<Session>();
        for (int i = 0; i < n; i++) {
            var session = handler.get();
            sessions.add(session);
            var bootstrap = new Bootstrap()
                    .group(CLIENT)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, MARKS)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
            String uri = r.webSocket ? r.uri(i) : null;
            bootstrap.handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (uri != null) {
                        ch.pipeline()
                                .addLast(
                                        new HttpClientCodec(),
                                        new HttpObjectAggregator(8192),
                                        new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                                .webSocketUri(uri)
                                                .subprotocol("binary")
                                                .customHeaders(
                                                        new DefaultHttpHeaders().set(HttpHeaderNames.ORIGIN, ORIGIN))
                                                .maxFramePayloadLength(16 << 20)
                                                .handshakeTimeoutMillis(30_000)
                                                .build()),
                                        new FromFrames(),
                                        new ToFrames());
                    }
                    ch.pipeline().addLast(session);
                }
            });
            bootstrap.connect("127.0.0.1", r.port).addListener(f -> {
                if (!f.isSuccess()) {
                    session.ready.completeExceptionally(f.cause());
                }
            });
            ready.add(session.ready);
        }
        List<Channel> channels = new ArrayList<>();
        for (var f : ready) {
            channels.add(f.get(60, TimeUnit.SECONDS));
        }
        sessions.forEach(Session::go);
        return channels;
    }

    static void closeAll(List<Channel> channels) throws InterruptedException {
        channels.forEach(Channel::close);
        for (var c : channels) {
            c.closeFuture().await(10, TimeUnit.SECONDS);
        }
        Thread.sleep(300);
    }

    /** Client side of a session: told when the relay is ready, then speaks the target's one-byte protocol. */
    abstract static class Session extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Channel> ready = new CompletableFuture<>();
        ChannelHandlerContext ctx;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (ctx.pipeline().get(WebSocketClientProtocolHandler.class) == null) {
                start(ctx);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                start(ctx);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                ready.completeExceptionally(new IOException("WebSocket handshake timed out"));
            }
        }

        private void start(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {command()}));
            ready.complete(ctx.channel());
        }

        /** Starts the load once every session of a run is open, so all streams begin together. */
        void go() {
            ctx.executor().execute(() -> began(ctx));
        }

        abstract byte command();

        void began(ChannelHandlerContext ctx) {}

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }

    static final class Idle extends Session {
        byte command() {
            return 'I';
        }
    }

    /** Server→client: counts what arrives. */
    static final class Receiver extends Session {
        private final LongAdder received;

        Receiver(LongAdder received) {
            this.received = received;
        }

        byte command() {
            return 'S';
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.add(((ByteBuf) msg).readableBytes());
            ((ByteBuf) msg).release();
        }
    }

    /** Client→server: writes 64 KiB messages while the channel is writable (the target counts them). */
    static final class Pumper extends Session {
        byte command() {
            return 'K';
        }

        @Override
        void began(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            RelayBench.pump(ctx);
        }
    }

    /** 200-byte messages echoed by the target; records each round trip while recording. */
    static final class Pinger extends Session {
        private static final ByteBuf MESSAGE =
                Unpooled.unreleasableBuffer(Unpooled.directBuffer(200).writeZero(200));
        private final int paceMs;
        volatile boolean recording;
        long[] samples = new long[1 << 14];
        int count;
        private long dueAt;
        private int pending;

        Pinger(int paceMs) {
            this.paceMs = paceMs;
        }

        byte command() {
            return 'E';
        }

        @Override
        void began(ChannelHandlerContext ctx) {
            dueAt = System.nanoTime();
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            if (!ctx.channel().isActive()) {
                return;
            }
            pending = 200;
            ctx.writeAndFlush(MESSAGE.retainedDuplicate());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pending -= ((ByteBuf) msg).readableBytes();
            ((ByteBuf) msg).release();
            if (pending > 0) {
                return;
            }
            long now = System.nanoTime();
            if (recording) {
                if (count == samples.length) {
                    samples = Arrays.copyOf(samples, count * 2);
                }
                samples[count++] = now - dueAt;
            }
            dueAt = paceMs == 0 ? now : dueAt + paceMs * 1_000_000L;
            if (dueAt <= now) {
                send(ctx);
            } else {
                ctx.executor().schedule(() -> send(ctx), dueAt - now, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Writes 64 KiB buffers while the channel takes them. A write refused at once (a WebSocket that sent its close
     * frame refuses further frames without queueing them, so the channel stays "writable") ends the loop.
     */
    static void pump(ChannelHandlerContext ctx) {
        while (ctx.channel().isActive() && ctx.channel().isWritable()) {
            var f = ctx.write(SOURCE.retainedDuplicate());
            if (f.isDone() && !f.isSuccess()) {
                break;
            }
        }
        ctx.flush();
    }

    static final class ToFrames extends MessageToMessageEncoder<ByteBuf> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            out.add(new BinaryWebSocketFrame(msg.retain()));
        }
    }

    static final class FromFrames extends MessageToMessageDecoder<WebSocketFrame> {
        @Override
        protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
            if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                out.add(frame.content().retain());
            }
        }
    }

    // --- the target ("VNC server") ----------------------------------------------------------------------------

    /** First byte picks the mode: S stream to the client, K count and drop, E echo, I do nothing. */
    static final class Target extends ChannelInboundHandlerAdapter {
        private byte mode;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            if (mode == 0 && b.isReadable()) {
                mode = b.readByte();
                if (mode == 'S') {
                    pump(ctx);
                }
            }
            if (mode == 'K') {
                SINK.add(b.readableBytes());
            }
            if (mode == 'E' && b.isReadable()) {
                ctx.writeAndFlush(b);
            } else {
                b.release();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (mode == 'S') {
                pump(ctx);
            }
        }

        private void pump(ChannelHandlerContext ctx) {
            RelayBench.pump(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // --- processes and memory ---------------------------------------------------------------------------------

    static long start(ProcessBuilder pb, String name, int port) throws Exception {
        pb.redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "vireo-bench-" + name + ".log")
                        .toFile());
        var p = pb.start();
        processes.add(p);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var s = new Socket("127.0.0.1", port)) {
                return p.pid();
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + p.exitValue());
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port);
    }

    static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // --- output -----------------------------------------------------------------------------------------------

    static double pct(long[] sorted, int p) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double median(Map<String, Map<String, Object>> r, String relay, String key) {
        Object v = r.containsKey(relay) ? r.get(relay).get(key) : null;
        return v instanceof Spread s ? s.median : v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** {@code a}'s median over {@code b}'s, as {@code a_vs_b_key}. */
    static String ratio(
            Map<String, Object> ratios, Map<String, Map<String, Object>> r, String a, String b, String key) {
        String name = a + "_vs_" + b + "_" + key;
        ratios.put(name, round(median(r, a, key) / median(r, b, key)));
        return name;
    }

    /** A ratio with the issue's target for it: met or missed. */
    static void target(
            Map<String, Object> ratios,
            Map<String, Object> targets,
            Map<String, Map<String, Object>> r,
            String a,
            String b,
            String key,
            String op,
            double bound) {
        String name = ratio(ratios, r, a, b, key);
        double v = (double) ratios.get(name);
        boolean met = op.equals(">=") ? v >= bound : v <= bound;
        targets.put(name, op + " " + bound + ": " + (met ? "met" : "missed"));
    }

    static String cell(Object v) {
        if (v instanceof Spread s) {
            return number(s.median) + " (" + number(s.min) + "-" + number(s.max) + ")";
        }
        return v == null ? "-" : v instanceof Double d ? number(d) : v.toString();
    }

    static String number(double d) {
        return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
    }

    /** Medians with the min-max over the rounds; idle figures once. */
    static void printTable(Map<String, Map<String, Object>> results) {
        var keys = new ArrayList<String>();
        results.values()
                .forEach(m -> m.keySet().forEach(k -> {
                    if (!keys.contains(k)) {
                        keys.add(k);
                    }
                }));
        System.out.printf("%n%-26s", "console relay");
        results.keySet().forEach(n -> System.out.printf("%20s", n));
        System.out.println();
        for (String k : keys) {
            System.out.printf("%-26s", k);
            for (var m : results.values()) {
                System.out.printf("%20s", cell(m.get(k)));
            }
            System.out.println();
        }
    }

    static String toJson(Object v) {
        if (v instanceof Map<?, ?> map) {
            var sb = new StringBuilder("{");
            map.forEach((k, x) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append('"').append(k).append("\":").append(toJson(x));
            });
            return sb.append('}').toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(RelayBench::toJson).collect(Collectors.joining(",", "[", "]"));
        }
        if (v instanceof Spread s) {
            return "{\"median\":" + toJson(s.median) + ",\"min\":" + toJson(s.min) + ",\"max\":" + toJson(s.max)
                    + ",\"rounds\":" + toJson(s.rounds) + "}";
        }
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(v);
    }

    // --- the ceiling, the REST half, helpers ------------------------------------------------------------------

    /** MB/s one thread copies from a 64 KiB direct buffer to another (memcpy), after a short warm-up. */
    static double memcpyMBps(double seconds) {
        var src = ByteBuffer.allocateDirect(CHUNK);
        var dst = ByteBuffer.allocateDirect(CHUNK);
        long bytes = 0;
        long warmEnd = System.nanoTime() + 200_000_000L;
        long t0 = 0;
        long end = warmEnd + (long) (seconds * 1e9);
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            for (int i = 0; i < 64; i++) {
                src.clear();
                dst.clear();
                dst.put(src);
            }
            if (now >= warmEnd) {
                if (t0 == 0) {
                    t0 = now;
                }
                bytes += 64L * CHUNK;
            }
        }
        return round(bytes / ((System.nanoTime() - t0) / 1e9) / 1e6);
    }

    /**
     * The REST half of the browser's path, on the running portal: a demo machine started, then {@code n} console
     * tickets issued over REST (after 3 unmeasured), each used at once through the embedded proxy up to the guest's
     * RFB greeting; the machine is deleted again.
     */
    static Map<String, Object> restTickets(String portal, String adminPassword, String demoPassword, int port, int n)
            throws Exception {
        base = portal;
        token("admin", adminPassword); // fails early on a wrong password
        String demo = token("demo", demoPassword);
        String template = idOf(call("GET", "/api/v1/templates", demo, null, 200), "Vireo Demo (busybox)");
        long t0 = System.nanoTime();
        String machine = field(
                call(
                        "POST",
                        "/api/v1/machines",
                        demo,
                        "{\"name\":\"relay-bench\",\"templateId\":\"" + template
                                + "\",\"vcpus\":1,\"memoryMiB\":128,\"diskGiB\":1,\"start\":true}",
                        201),
                "id");
        System.out.printf("relay bench: demo machine running after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        var issue = new ArrayList<Long>();
        var greeting = new ArrayList<Long>();
        try {
            for (int i = 0; i < n + 3; i++) {
                long s0 = System.nanoTime();
                String url = field(call("POST", "/api/v1/machines/" + machine + "/console", demo, null, 201), "url")
                        .replace("ws://localhost:", "ws://127.0.0.1:"); // the proxy listens on 127.0.0.1 only
                long s1 = System.nanoTime();
                if (!url.contains(":" + port + "/console?ticket=")) {
                    throw new IllegalStateException("ticket not for the embedded proxy on " + port + ": " + url);
                }
                var banner = new CompletableFuture<String>();
                var ws = http.newWebSocketBuilder()
                        .header("Origin", ORIGIN)
                        .buildAsync(URI.create(url), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                var b = new byte[data.remaining()];
                                data.get(b);
                                banner.complete(new String(b, StandardCharsets.US_ASCII));
                                return null;
                            }
                        })
                        .get(10, TimeUnit.SECONDS);
                String rfb = banner.get(10, TimeUnit.SECONDS);
                long s2 = System.nanoTime();
                ws.abort();
                if (!rfb.startsWith("RFB ")) {
                    throw new IllegalStateException("no RFB greeting through the embedded proxy: " + rfb);
                }
                if (i >= 3) {
                    issue.add(s1 - s0);
                    greeting.add(s2 - s1);
                }
            }
        } finally {
            deleteMachine(machine, demo);
        }
        long[] a = issue.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] b = greeting.stream().mapToLong(Long::longValue).sorted().toArray();
        var m = new LinkedHashMap<String, Object>();
        m.put("rest_ticket_n", a.length);
        m.put("rest_ticket_p50_ms", round(pct(a, 50) / 1e6));
        m.put("rest_ticket_p95_ms", round(pct(a, 95) / 1e6));
        m.put("ticket_to_rfb_greeting_p50_ms", round(pct(b, 50) / 1e6));
        m.put("ticket_to_rfb_greeting_p95_ms", round(pct(b, 95) / 1e6));
        return m;
    }

    /** Deletes it and waits until it is gone (the portal stops right after the part). */
    static void deleteMachine(String machine, String token) throws Exception {
        call("DELETE", "/api/v1/machines/" + machine, token, null, 202);
        long until = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try {
                call("GET", "/api/v1/machines/" + machine, token, null, 404);
                return;
            } catch (IllegalStateException stillThere) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("the demo machine was not deleted within 120 s", stillThere);
                }
                Thread.sleep(250);
            }
        }
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Peers come from Debian (scripts/setup-host installs them); none is skipped quietly. */
    static void requireCommand(String name) {
        boolean found = Arrays.stream(env("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, name)));
        if (!found) {
            throw new IllegalStateException(name + " is not installed (not on PATH): the relay part compares with"
                    + " Debian's " + name + "; run scripts/setup-host or apt-get install " + name);
        }
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
