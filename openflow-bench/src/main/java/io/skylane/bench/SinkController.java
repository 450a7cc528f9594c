package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A trivial OpenFlow controller that answers every PACKET_IN at once, from pre-encoded bytes: the
 * reference point that shows how fast the load generator itself can go ({@code skylane bench
 * --mode sink}), and the fake controller of the emulator's tests. It speaks 1.0 and 1.3 (whatever
 * the switch's HELLO asks for), sends FEATURES_REQUEST and then SET_CONFIG, answers echoes, and
 * ignores everything else.
 */
public final class SinkController implements AutoCloseable {

    /** How each PACKET_IN is answered. */
    public enum Answer {
        /** One PACKET_OUT (with the buffer id, or the frame when not buffered) to port 2. */
        PACKET_OUT,
        /** One FLOW_MOD ADD carrying the buffer id (a NO_BUFFER packet is then not answered). */
        FLOW_MOD,
        /** FLOW_MOD and PACKET_OUT for every packet: two answers, one packet. */
        FLOW_MOD_AND_PACKET_OUT,
        /** Never answered (handshake and echoes still work). */
        NONE
    }

    /** Counters over all connections. */
    static final class Counters {
        final LongAdder connections = new LongAdder();
        final LongAdder packetIns = new LongAdder();
        final LongAdder packetOuts = new LongAdder();
        final LongAdder flowMods = new LongAdder();
        final LongAdder barriers = new LongAdder();
    }

    private final MultiThreadIoEventLoopGroup boss;
    private final MultiThreadIoEventLoopGroup workers;
    private final Channel server;
    private final Counters counters = new Counters();

    private SinkController(String address, int port, Answer answer, int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("skylane-sink-accept"), io);
        workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("skylane-sink"), io);
        ChannelFuture f = new ServerBootstrap().group(boss, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SinkConnection(answer, counters));
                    }
                })
                .bind(address, port).awaitUninterruptibly();
        if (!f.isSuccess()) {
            close(boss, workers);
            throw new IllegalStateException("sink controller cannot listen on " + address + ":" + port + ": "
                    + f.cause().getMessage(), f.cause());
        }
        server = f.channel();
    }

    /**
     * Listens on {@code address:port} (0 = any free port).
     *
     * @param threads I/O threads for the switch connections
     * @throws IllegalStateException if the port cannot be bound
     */
    public static SinkController start(String address, int port, Answer answer, int threads) {
        checkNotNull(address, "address");
        checkNotNull(answer, "answer");
        checkArgument(port >= 0 && port <= 0xffff, "port must be 0..65535");
        checkArgument(threads >= 1, "threads must be at least 1");
        return new SinkController(address, port, answer, threads);
    }

    /** The port actually bound. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public long connections() {
        return counters.connections.sum();
    }

    public long packetIns() {
        return counters.packetIns.sum();
    }

    public long packetOuts() {
        return counters.packetOuts.sum();
    }

    public long flowMods() {
        return counters.flowMods.sum();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        close(boss, workers);
    }

    private static void close(MultiThreadIoEventLoopGroup... groups) {
        for (MultiThreadIoEventLoopGroup g : groups) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
