package org.vireo.consoleproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy against a fake VNC server on loopback that records every connection: refusals must happen before
 * the proxy connects to it at all.
 */
class ConsoleProxyTest {
    static final String ORIGIN = "http://localhost:8080";
    FakeVnc vnc;
    HmacTickets tickets;
    ConsoleProxy proxy;

    @BeforeEach
    void start() throws Exception {
        vnc = new FakeVnc();
        tickets = new HmacTickets(HmacTickets.randomKey());
        var config = new ProxyConfig(
                "127.0.0.1", 0, Set.of(ORIGIN), 64 * 1024, Duration.ofSeconds(1), Duration.ofMinutes(1), 3, 2);
        proxy = new ConsoleProxy(config, tickets, SessionListener.NONE).start();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        vnc.close();
    }

    String ticket() {
        return tickets.issue("user-1", "machine-1", "127.0.0.1", vnc.port(), Duration.ofSeconds(30));
    }

    URI uri(String ticket) {
        return URI.create("ws://127.0.0.1:" + proxy.port() + "/console?ticket=" + ticket);
    }

    /** A session whose VNC greeting went through both ways. */
    Client greeted() throws Exception {
        var client = Client.connect(uri(ticket()), ORIGIN);
        assertEquals("RFB 003.008\n", client.nextText());
        client.ws
                .sendBinary(ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)), true)
                .join();
        assertEquals("RFB 003.008\n", vnc.received(12));
        return client;
    }

    @Test
    void validTicketRelaysBothWaysAndTheGuestGoingAwayClosesWithAReason() throws Exception {
        var client = greeted();
        vnc.dropClients();
        assertTrue(client.closeReason.get(5, TimeUnit.SECONDS).contains("console closed"));
        assertEquals(1, proxy.metrics().sessionsOpened.get());
    }

    /** QEMU dying with its guest may reset the socket rather than close it: that is the console closing, no fault. */
    @Test
    void theGuestResettingTheConnectionClosesLikeTheGuestGoingAway() throws Exception {
        var client = greeted();
        vnc.resetClients();
        assertEquals("the machine's console closed", client.closeReason.get(5, TimeUnit.SECONDS));
        assertEquals(0, proxy.metrics().errors.get());
    }

    @Test
    void foreignOrMissingOriginIsRefusedBeforeTheGuestIsContacted() {
        assertRefused(uri(ticket()), "https://evil.example");
        assertRefused(uri(ticket()), null);
        assertEquals(0, vnc.accepted.get());
    }

    @Test
    void reusedExpiredForgedAndOversizedTicketsAreRefused() throws Exception {
        String t = ticket();
        var first = Client.connect(uri(t), ORIGIN);
        assertEquals("RFB 003.008\n", first.nextText());
        assertRefused(uri(t), ORIGIN); // single use
        int before = vnc.accepted.get();
        String expired = tickets.issue("user-1", "machine-1", "127.0.0.1", vnc.port(), Duration.ofSeconds(-5));
        assertRefused(uri(expired), ORIGIN);
        var other = new HmacTickets(HmacTickets.randomKey());
        assertRefused(uri(other.issue("user-1", "machine-1", "127.0.0.1", vnc.port(), Duration.ofSeconds(30))), ORIGIN);
        String flipped = t.substring(0, t.length() - 2) + (t.endsWith("A") ? "BB" : "AA");
        assertRefused(uri(flipped), ORIGIN);
        assertRefused(uri("x".repeat(10_000)), ORIGIN);
        assertRefused(uri(""), ORIGIN);
        assertEquals(before, vnc.accepted.get());
    }

    @Test
    void concurrentUpgradesWithOneTicketOpenOneSession() throws Exception {
        String t = ticket();
        var results = new java.util.ArrayList<CompletableFuture<Boolean>>();
        for (int i = 0; i < 8; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    Client.connect(uri(t), ORIGIN);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }));
        }
        long ok = results.stream().filter(CompletableFuture::join).count();
        assertEquals(1, ok);
        assertEquals(1, vnc.accepted.get());
    }

    @Test
    void theClientCannotChooseTheTarget() throws Exception {
        try (var elsewhere = new FakeVnc()) {
            var client = Client.connect(URI.create(uri(ticket()) + "&host=127.0.0.1&port=" + elsewhere.port()), ORIGIN);
            assertEquals("RFB 003.008\n", client.nextText());
            assertEquals(1, vnc.accepted.get());
            assertEquals(0, elsewhere.accepted.get());
        }
    }

    @Test
    void oversizedFrameClosesTheSessionWithoutReachingTheGuest() throws Exception {
        var client = Client.connect(uri(ticket()), ORIGIN);
        client.nextText();
        client.ws.sendBinary(ByteBuffer.allocate(128 * 1024), true);
        client.closeReason.get(5, TimeUnit.SECONDS);
        assertEquals(0, vnc.bytes.get());
    }

    @Test
    void slowHandshakeIsCutOff() throws Exception {
        try (var s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            OutputStream out = s.getOutputStream();
            String request = "GET /console?ticket=" + ticket() + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + ORIGIN
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < request.length() && !closed; i++) {
                try {
                    out.write(request.charAt(i));
                    out.flush();
                    Thread.sleep(100);
                } catch (IOException e) {
                    closed = true;
                }
                s.setSoTimeout(1);
                try {
                    closed |= s.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                }
            }
            assertTrue(closed, "slow sender was not cut off");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 4000);
        }
        assertEquals(0, vnc.accepted.get());
    }

    @Test
    void aClientThatStopsReadingDoesNotMakeTheProxyBuffer() throws Exception {
        vnc.flood = true;
        // A listener that never calls request(): the client reads nothing.
        var client = new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {}
        };
        HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Origin", ORIGIN)
                .buildAsync(uri(ticket()), client)
                .get(5, TimeUnit.SECONDS);
        Thread.sleep(3000);
        long pushed = vnc.flooded.get();
        Thread.sleep(1000);
        long later = vnc.flooded.get();
        System.out.printf(
                "guest pushed %d KiB while the client read nothing (%d KiB in the last second)%n",
                pushed / 1024, (later - pushed) / 1024);
        // The guest side is paused once the client side's buffers are full: what the guest could push stays at
        // socket buffers plus the proxy's write limit, instead of growing for as long as the guest sends.
        assertTrue(pushed < 32L * 1024 * 1024, "guest pushed " + pushed + " bytes");
        assertTrue(later - pushed < 1024 * 1024, "still pushing: " + (later - pushed) + " bytes in 1 s");
    }

    @Test
    void liveSessionsCanBeEndedByThePortal() throws Exception {
        var client = Client.connect(uri(ticket()), ORIGIN);
        client.nextText();
        assertEquals(1, proxy.closeSessions(g -> g.machine().equals("machine-1"), "machine stopped"));
        assertEquals("machine stopped", client.closeReason.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aUnixSocketTargetIsRelayedAndAGoneSocketIsRefusedWithoutFallingBack() throws Exception {
        var dir = java.nio.file.Files.createTempDirectory("vireo-proxy-test");
        var path = dir.resolve("vnc.sock");
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(path));
            var target = new ConsoleTarget.UnixSocket(path.toString());
            var accepted = CompletableFuture.supplyAsync(() -> {
                try (var ch = server.accept()) {
                    ch.write(ByteBuffer.wrap("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII)));
                    var in = ByteBuffer.allocate(5);
                    while (in.hasRemaining() && ch.read(in) >= 0) {
                        // read the client's bytes
                    }
                    return new String(in.array(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    return "error: " + e;
                }
            });
            var client = Client.connect(
                    uri(tickets.issue("user-1", "tenant-1", "machine-1", target, Duration.ofSeconds(30))), ORIGIN);
            assertEquals("RFB 003.008\n", client.nextText());
            client.ws
                    .sendBinary(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), true)
                    .join();
            assertEquals("hello", accepted.get(5, TimeUnit.SECONDS));
        }
        java.nio.file.Files.deleteIfExists(path);
        // The machine stopped: its socket is gone. The ticket opens nothing else, not even a TCP server.
        assertRefused(
                uri(tickets.issue(
                        "user-1",
                        "tenant-1",
                        "machine-1",
                        new ConsoleTarget.UnixSocket(path.toString()),
                        Duration.ofSeconds(30))),
                ORIGIN);
        assertEquals(0, vnc.accepted.get());
        java.nio.file.Files.delete(dir);
    }

    @Test
    void ticketsCarryOnlyWellFormedTargets() {
        for (String bad : new String[] {"relative/vnc.sock", "/a/../b.sock", "/a/./b", "/a|b", "/a b", ""}) {
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> new ConsoleTarget.UnixSocket(bad), bad);
        }
        var grant = tickets.inspect(tickets.issue(
                        "u", "t", "m", new ConsoleTarget.UnixSocket("/run/x/vnc.sock"), Duration.ofSeconds(30)))
                .orElseThrow();
        assertEquals(new ConsoleTarget.UnixSocket("/run/x/vnc.sock"), grant.target());
        assertEquals("t", grant.tenant());
    }

    void assertRefused(URI uri, String origin) {
        try {
            Client.connect(uri, origin);
        } catch (Exception e) {
            return;
        }
        throw new AssertionError("not refused: " + uri);
    }

    /** A JDK WebSocket client collecting what it receives. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closeReason = new CompletableFuture<>();
        WebSocket ws;

        static Client connect(URI uri, String origin) throws Exception {
            var c = new Client();
            var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            if (origin != null) {
                builder.header("Origin", origin);
            }
            c.ws = builder.buildAsync(uri, c).get(5, TimeUnit.SECONDS);
            return c;
        }

        String nextText() throws InterruptedException {
            return received.poll(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            var bytes = new byte[data.remaining()];
            data.get(bytes);
            received.add(new String(bytes, StandardCharsets.US_ASCII));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason.complete("error: " + error);
        }
    }

    /** Greets like a VNC server and records connections and received bytes. */
    static final class FakeVnc implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger bytes = new AtomicInteger();
        final LinkedBlockingQueue<Integer> data = new LinkedBlockingQueue<>();
        final java.util.List<Socket> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean flood;

        FakeVnc() throws IOException {
            var t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        accepted.incrementAndGet();
                        clients.add(s);
                        s.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
                        if (flood) {
                            new Thread(() -> {
                                        byte[] chunk = new byte[64 * 1024];
                                        try {
                                            while (true) {
                                                s.getOutputStream().write(chunk);
                                                flooded.addAndGet(chunk.length);
                                            }
                                        } catch (IOException ignored) {
                                            // closed
                                        }
                                    })
                                    .start();
                        }
                        new Thread(() -> {
                                    try (InputStream in = s.getInputStream()) {
                                        int b;
                                        while ((b = in.read()) != -1) {
                                            bytes.incrementAndGet();
                                            data.add(b);
                                        }
                                    } catch (IOException ignored) {
                                        // closed
                                    }
                                })
                                .start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        String received(int n) throws InterruptedException {
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Integer b = data.poll(5, TimeUnit.SECONDS);
                if (b == null) {
                    break;
                }
                sb.append((char) b.intValue());
            }
            return sb.toString();
        }

        void dropClients() throws IOException {
            for (var s : clients) {
                s.close();
            }
        }

        /** Closes with a TCP reset (linger 0), as a killed process's socket can end. */
        void resetClients() throws IOException {
            for (var s : clients) {
                s.setSoLinger(true, 0);
                s.close();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            dropClients();
        }
    }
}
