package org.vireo.consoleproxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * WebSocket relay for RFB (and serial bytes). A client upgrades {@code GET /console?ticket=…} with an allowed
 * {@code Origin}; only then, with the grant the ticket carries, does the proxy connect to the target: the unix
 * socket libvirt made for this run of the machine's domain (or a TCP endpoint, for tools). Binary frames are
 * relayed without copying, reading stops on one side while the other is not writable, and either side closing
 * closes the other with a reason.
 */
public final class ConsoleProxy implements AutoCloseable {
    private static final AttributeKey<Session> SESSION = AttributeKey.valueOf("vireo.console.session");

    private final ProxyConfig config;
    private final TicketVerifier tickets;
    private final SessionListener listener;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perMachine = new ConcurrentHashMap<>();
    private final Metrics metrics = new Metrics();
    private Channel server;

    public ConsoleProxy(ProxyConfig config, TicketVerifier tickets, SessionListener listener) {
        this.config = config;
        this.tickets = tickets;
        this.listener = listener;
    }

    /** Counters for monitoring. */
    public static final class Metrics {
        public final AtomicLong sessionsOpened = new AtomicLong();
        public final AtomicLong refused = new AtomicLong();
        public final AtomicLong errors = new AtomicLong();
        public final AtomicLong bytesToGuest = new AtomicLong();
        public final AtomicLong bytesToClient = new AtomicLong();
    }

    public ConsoleProxy start() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, reads())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec(2048, 8192, 8192));
                        ch.pipeline().addLast("aggregate", new HttpObjectAggregator(8192));
                        ch.pipeline().addLast("gate", new Gate());
                        // Slow senders (slowloris) get no more than the handshake timeout, however they trickle.
                        ch.eventLoop()
                                .schedule(
                                        () -> {
                                            if (ch.attr(SESSION).get() == null && ch.isActive()) {
                                                metrics.refused.incrementAndGet();
                                                ch.close();
                                            }
                                        },
                                        config.handshakeTimeout().toMillis(),
                                        TimeUnit.MILLISECONDS);
                    }
                })
                .bind(config.bindHost(), config.port())
                .sync()
                .channel();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public Metrics metrics() {
        return metrics;
    }

    public int openSessions() {
        return sessions.size();
    }

    /** Closes the live sessions whose grant matches (machine stopped or deleted, tenant suspended, "end session"). */
    public int closeSessions(Predicate<Grant> which, String reason) {
        int n = 0;
        for (var s : sessions) {
            if (which.test(s.grant)) {
                s.close(WebSocketCloseStatus.NORMAL_CLOSURE, reason);
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        sessions.forEach(s -> s.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "console proxy stopping"));
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Checks the upgrade request; connects to the guest only for a valid ticket from an allowed origin. */
    private final class Gate extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            var query = new QueryStringDecoder(req.uri());
            String origin = req.headers().get(HttpHeaderNames.ORIGIN);
            if (!ProxyConfig.PATH.equals(query.path())) {
                refuse(ctx, HttpResponseStatus.NOT_FOUND, "not found");
                return;
            }
            if (origin == null || !config.allowedOrigins().contains(origin)) {
                refuse(ctx, HttpResponseStatus.FORBIDDEN, "origin not allowed");
                return;
            }
            var values = query.parameters().get("ticket");
            var grant = values == null || values.size() != 1
                    ? java.util.Optional.<Grant>empty()
                    : tickets.consume(values.get(0));
            if (grant.isEmpty()) {
                refuse(ctx, HttpResponseStatus.FORBIDDEN, "invalid, used or expired ticket");
                return;
            }
            var g = grant.get();
            if (!take(perUser, g.user(), config.maxSessionsPerUser())) {
                refuse(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, "too many consoles for this user");
                return;
            }
            if (!take(perMachine, g.machine(), config.maxSessionsPerMachine())) {
                release(perUser, g.user());
                refuse(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, "too many consoles for this machine");
                return;
            }
            var client = ctx.channel();
            var session = new Session(g, client, remote(client));
            client.attr(SESSION).set(session);
            client.config().setAutoRead(false);
            req.retain();
            new Bootstrap()
                    .group(client.eventLoop())
                    .channel(
                            g.target() instanceof ConsoleTarget.UnixSocket
                                    ? NioDomainSocketChannel.class
                                    : NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                    // Nothing is read from the guest until the client's upgrade has completed.
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .option(ChannelOption.RCVBUF_ALLOCATOR, reads())
                    .handler(new GuestSide(session))
                    .connect(g.target().socketAddress())
                    .addListener((ChannelFutureListener) f -> {
                        try {
                            if (!f.isSuccess()) {
                                session.release();
                                metrics.errors.incrementAndGet();
                                refuse(ctx, HttpResponseStatus.BAD_GATEWAY, "console of the machine not reachable");
                                return;
                            }
                            session.guest = f.channel();
                            upgrade(ctx, req, session);
                        } finally {
                            req.release();
                        }
                    });
        }

        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Session session) {
            String url = "ws://" + req.headers().get(HttpHeaderNames.HOST) + ProxyConfig.PATH;
            var handshaker = new WebSocketServerHandshakerFactory(url, "binary", false, config.maxFramePayload())
                    .newHandshaker(req);
            if (handshaker == null) {
                session.guest.close();
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            handshaker.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    session.guest.close();
                    return;
                }
                var p = ctx.pipeline();
                p.remove(Gate.this);
                p.addLast("idle", new IdleStateHandler(0, 0, (int)
                        config.idleTimeout().toSeconds()));
                p.addLast("relay", new ClientSide(session));
                sessions.add(session);
                metrics.sessionsOpened.incrementAndGet();
                listener.opened(session.grant, session.remote);
                ctx.channel().config().setAutoRead(true);
                session.guest.config().setAutoRead(true);
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            metrics.refused.incrementAndGet();
            ctx.close();
        }

        private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String why) {
            metrics.refused.incrementAndGet();
            var body = Unpooled.copiedBuffer(why, StandardCharsets.UTF_8);
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Frames from the browser to the guest. */
    private final class ClientSide extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Session session;

        ClientSide(Session session) {
            super(false);
            this.session = session;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                ByteBuf data = frame.content();
                session.toGuest.addAndGet(data.readableBytes());
                metrics.bytesToGuest.addAndGet(data.readableBytes());
                session.guest.writeAndFlush(data); // the frame's buffer itself: no copy
                if (!session.guest.isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            } else if (frame instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                close.release();
                session.close(WebSocketCloseStatus.NORMAL_CLOSURE, "closed by client");
            } else {
                frame.release();
                session.close(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary frames only");
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (session.guest != null) {
                session.guest.config().setAutoRead(ctx.channel().isWritable());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                session.close(WebSocketCloseStatus.NORMAL_CLOSURE, "idle timeout");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            session.close(WebSocketCloseStatus.NORMAL_CLOSURE, "client went away");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            metrics.errors.incrementAndGet();
            session.close(WebSocketCloseStatus.PROTOCOL_ERROR, "protocol error");
        }
    }

    /** Bytes from the guest's VNC server to the browser, each read wrapped in a binary frame without copying. */
    private final class GuestSide extends ChannelInboundHandlerAdapter {
        private final Session session;

        GuestSide(Session session) {
            this.session = session;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf data = (ByteBuf) msg;
            session.toClient.addAndGet(data.readableBytes());
            metrics.bytesToClient.addAndGet(data.readableBytes());
            session.client.writeAndFlush(new BinaryWebSocketFrame(data));
            if (!session.client.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            session.client.config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            session.close(WebSocketCloseStatus.NORMAL_CLOSURE, "the machine's console closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException) {
                // QEMU going away with its guest may reset the socket instead of closing it: same end, no fault.
                session.close(WebSocketCloseStatus.NORMAL_CLOSURE, "the machine's console closed");
                return;
            }
            metrics.errors.incrementAndGet();
            session.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "console connection failed");
        }
    }

    private final class Session {
        final Grant grant;
        final Channel client;
        final String remote;
        final Instant started = Instant.now();
        final AtomicLong toGuest = new AtomicLong();
        final AtomicLong toClient = new AtomicLong();
        volatile Channel guest;
        private final java.util.concurrent.atomic.AtomicBoolean closed =
                new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicBoolean released =
                new java.util.concurrent.atomic.AtomicBoolean();

        Session(Grant grant, Channel client, String remote) {
            this.grant = grant;
            this.client = client;
            this.remote = remote;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                ConsoleProxy.release(perUser, grant.user());
                ConsoleProxy.release(perMachine, grant.machine());
            }
        }

        void close(WebSocketCloseStatus status, String reason) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            release();
            boolean wasOpen = sessions.remove(this);
            if (guest != null) {
                guest.close();
            }
            if (client.isActive()) {
                client.writeAndFlush(new CloseWebSocketFrame(status.code(), reason))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            if (wasOpen) {
                listener.closed(grant, remote, started, toGuest.get(), toClient.get(), reason);
            }
        }
    }

    /**
     * Read buffers sized by what arrives: small for key and pointer events, growing to 256 KiB under bulk traffic
     * (bench/RelayBench), so a 64 KiB client frame usually arrives in one read and framebuffer updates in few frames.
     */
    private static AdaptiveRecvByteBufAllocator reads() {
        return new AdaptiveRecvByteBufAllocator(64, 2048, 256 * 1024);
    }

    private static boolean take(Map<String, AtomicInteger> counts, String key, int max) {
        var c = counts.computeIfAbsent(key, k -> new AtomicInteger());
        if (c.incrementAndGet() > max) {
            c.decrementAndGet();
            return false;
        }
        return true;
    }

    private static void release(Map<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    private static String remote(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "?";
    }
}
