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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.vireo.consoleproxy.HmacTickets;

/**
 * Console relay benchmark. One local TCP source/sink/echo server (the "VNC server"), one Netty client load, and the
 * same load through: Vireo's console-proxy (the standalone jar, its own JVM), Debian's websockify, a plain Netty TCP
 * pipe with no WebSocket (bench/PlainRelay.java, the floor), and no relay at all ("direct", for reference).
 * Measures bulk throughput (1 and 50 streams, both directions), 200-byte round trips (1 and 200 sessions) and
 * memory per idle session (1,000 sessions; PSS of the relay's process tree, and heap after a full GC for the JVMs).
 * Usage (bench/run compiles bench/): java -cp target/bench:console-proxy-standalone.jar RelayBench out.json proxy.jar
 * [idle]
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
    static int targetPort;
    static HmacTickets tickets;
    static final List<Process> processes = new CopyOnWriteArrayList<>();

    record Relay(String name, int port, boolean webSocket, long pid) {
        String uri(int i) {
            return name.equals("vireo")
                    ? "ws://127.0.0.1:" + port + "/console?ticket="
                            + tickets.issue("bench" + i, "m" + i, "127.0.0.1", targetPort, Duration.ofMinutes(10))
                    : "ws://127.0.0.1:" + port + "/";
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
        byte[] key = HmacTickets.randomKey();
        tickets = new HmacTickets(key);

        int vireoPort = freePort(), wsPort = freePort(), plainPort = freePort();
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
        var relays = List.of(
                new Relay("vireo", vireoPort, true, start(pb, "vireo-proxy", vireoPort)),
                new Relay(
                        "websockify",
                        wsPort,
                        true,
                        start(
                                new ProcessBuilder("websockify", "127.0.0.1:" + wsPort, "127.0.0.1:" + targetPort),
                                "websockify",
                                wsPort)),
                new Relay(
                        "plain",
                        plainPort,
                        false,
                        start(
                                new ProcessBuilder(
                                        "java",
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        "PlainRelay",
                                        "" + plainPort,
                                        "" + targetPort),
                                "plain-relay",
                                plainPort)),
                new Relay("direct", targetPort, false, -1));

        var results = new LinkedHashMap<String, Map<String, Object>>();
        String only = System.getenv("RELAY_ONLY"); // profiling aid: measure one relay only
        for (var r : relays) {
            if (only != null && !only.equals(r.name)) {
                continue;
            }
            var m = new LinkedHashMap<String, Object>();
            results.put(r.name, m);
            System.out.printf("relay bench: %s%n", r.name);
            m.putAll(throughput(r, 1, true));
            m.putAll(throughput(r, 50, true));
            m.putAll(throughput(r, 1, false));
            m.putAll(throughput(r, 50, false));
            m.putAll(latency(r, 1, 0));
            m.putAll(latency(r, 200, 20));
            if (r.pid > 0) {
                m.putAll(idle(r, idleSessions));
            }
        }
        if (only != null) {
            printTable(results, Map.of());
            return;
        }
        var ratios = new LinkedHashMap<String, Object>();
        ratios.put("vireo_s2c_vs_plain_1", ratio(results, "vireo", "plain", "s2c_1_MBps"));
        ratios.put("vireo_s2c_vs_plain_50", ratio(results, "vireo", "plain", "s2c_50_MBps"));
        ratios.put("vireo_c2s_vs_websockify_1", ratio(results, "vireo", "websockify", "c2s_1_MBps"));
        ratios.put("vireo_c2s_vs_websockify_50", ratio(results, "vireo", "websockify", "c2s_50_MBps"));
        ratios.put(
                "websockify_cpu_per_GB_vs_vireo_c2s_50", ratio(results, "websockify", "vireo", "c2s_50_cpu_s_per_GB"));
        ratios.put(
                "websockify_cpu_per_GB_vs_vireo_s2c_50", ratio(results, "websockify", "vireo", "s2c_50_cpu_s_per_GB"));
        ratios.put("plain_c2s_vs_websockify_1", ratio(results, "plain", "websockify", "c2s_1_MBps"));
        ratios.put("vireo_s2c_vs_websockify_50", ratio(results, "vireo", "websockify", "s2c_50_MBps"));
        ratios.put(
                "vireo_added_p99_ms_200",
                round((double) results.get("vireo").get("rtt_200_p99_ms")
                        - (double) results.get("direct").get("rtt_200_p99_ms")));
        ratios.put(
                "vireo_pss_per_idle_vs_websockify", ratio(results, "vireo", "websockify", "idle_pss_KiB_per_session"));

        printTable(results, ratios);
        var json = new StringBuilder("{\"relays\":")
                .append(toJson(results))
                .append(",\"ratios\":")
                .append(toJson(ratios))
                .append(",\"machine\":{\"cpus\":")
                .append(Runtime.getRuntime().availableProcessors())
                .append("}}");
        Files.writeString(out, json);
    }

    // --- measurements -----------------------------------------------------------------------------------------

    /**
     * Bulk MB/s (10^6 bytes) summed over {@code streams}, after 1 s of warm-up, over 3 s; and the CPU time the relay
     * (its process tree) spent per GB, which does not depend on how the 2 cores were shared with client and target.
     */
    static Map<String, Object> throughput(Relay r, int streams, boolean toClient) throws Exception {
        var received = new LongAdder();
        var channels = open(r, streams, () -> toClient ? new Receiver(received) : new Pumper());
        Thread.sleep(1000);
        LongAdder counter = toClient ? received : SINK;
        long before = counter.sum();
        long cpu0 = cpuTicks(r.pid);
        long t0 = System.nanoTime();
        Thread.sleep(3000);
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

    /** Round trips of 200-byte messages; each session sends one every {@code paceMs} (0: as soon as answered). */
    static Map<String, Object> latency(Relay r, int sessions, int paceMs) throws Exception {
        var samples = new CopyOnWriteArrayList<long[]>();
        var pingers = new ArrayList<Pinger>();
        var channels = open(r, sessions, () -> {
            var p = new Pinger(paceMs);
            synchronized (pingers) {
                pingers.add(p);
            }
            return p;
        });
        Thread.sleep(1000);
        pingers.forEach(p -> p.recording = true);
        Thread.sleep(4000);
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
        boolean jvm = !r.name.equals("websockify");
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
        private long sentAt;
        private int pending;

        Pinger(int paceMs) {
            this.paceMs = paceMs;
        }

        byte command() {
            return 'E';
        }

        @Override
        void began(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            if (!ctx.channel().isActive()) {
                return;
            }
            pending = 200;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(MESSAGE.retainedDuplicate());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pending -= ((ByteBuf) msg).readableBytes();
            ((ByteBuf) msg).release();
            if (pending > 0) {
                return;
            }
            long rtt = System.nanoTime() - sentAt;
            if (recording) {
                if (count == samples.length) {
                    samples = Arrays.copyOf(samples, count * 2);
                }
                samples[count++] = rtt;
            }
            if (paceMs == 0) {
                send(ctx);
            } else {
                long wait = Math.max(0, paceMs * 1_000_000L - rtt);
                ctx.executor().schedule(() -> send(ctx), wait, TimeUnit.NANOSECONDS);
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

    static double ratio(Map<String, Map<String, Object>> r, String a, String b, String key) {
        return round(
                ((Number) r.get(a).get(key)).doubleValue() / ((Number) r.get(b).get(key)).doubleValue());
    }

    static void printTable(Map<String, Map<String, Object>> results, Map<String, Object> ratios) {
        var keys = new ArrayList<String>();
        results.values()
                .forEach(m -> m.keySet().forEach(k -> {
                    if (!keys.contains(k)) {
                        keys.add(k);
                    }
                }));
        System.out.printf("%n%-28s", "console relay");
        results.keySet().forEach(n -> System.out.printf("%14s", n));
        System.out.println();
        for (String k : keys) {
            System.out.printf("%-28s", k);
            for (var m : results.values()) {
                Object v = m.get(k);
                System.out.printf(
                        "%14s", v == null ? "-" : v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : v);
            }
            System.out.println();
        }
        System.out.println();
        ratios.forEach((k, v) -> System.out.printf("%-36s %s%n", k, v));
    }

    static String toJson(Map<String, ?> map) {
        var sb = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(k).append("\":");
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                var inner = (Map<String, ?>) m;
                sb.append(toJson(inner));
            } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                sb.append("null");
            } else {
                sb.append(v);
            }
        });
        return sb.append('}').toString();
    }
}
