import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The floor of bench/RelayBench: a TCP↔TCP pipe with no WebSocket, built like Vireo's console-proxy (ConsoleProxy):
 * the same event loop group (NIO, Netty's default thread count), the same reads on both sides
 * (AdaptiveRecvByteBufAllocator 64 / 2048 / 256 KiB), write water marks (64 / 256 KiB), no reading on either side
 * until both are connected (AUTO_READ off), backpressure by autoread, one writeAndFlush per read of the buffer itself
 * (no copy), a 5 s connect timeout. So the difference to the console-proxy is the cost of WebSocket framing, masking
 * and the upgrade. Usage: PlainRelay listenPort targetPort
 */
public class PlainRelay {
    public static void main(String[] a) throws Exception {
        int listen = Integer.parseInt(a[0]);
        int target = Integer.parseInt(a[1]);
        var group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        var marks = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
        new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, reads())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        new Bootstrap()
                                .group(client.eventLoop())
                                .channel(NioSocketChannel.class)
                                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                                .option(ChannelOption.AUTO_READ, false)
                                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                                .option(ChannelOption.RCVBUF_ALLOCATOR, reads())
                                .handler(new Pipe(client))
                                .connect("127.0.0.1", target)
                                .addListener((ChannelFutureListener) f -> {
                                    if (!f.isSuccess()) {
                                        client.close();
                                        return;
                                    }
                                    client.pipeline().addLast(new Pipe(f.channel()));
                                    client.config().setAutoRead(true);
                                    f.channel().config().setAutoRead(true);
                                });
                    }
                })
                .bind("127.0.0.1", listen)
                .sync();
        System.out.println("plain relay listening on 127.0.0.1:" + listen);
        Thread.currentThread().join();
    }

    /** As ConsoleProxy's: small reads for key and pointer events, growing to 256 KiB under bulk traffic. */
    static AdaptiveRecvByteBufAllocator reads() {
        return new AdaptiveRecvByteBufAllocator(64, 2048, 256 * 1024);
    }

    /** Writes what its channel reads to {@code peer}; stops reading while the peer cannot take more. */
    static final class Pipe extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Pipe(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.writeAndFlush(msg);
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            peer.config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
