package io.skylane.southbound;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.core.southbound.SouthboundService;
import io.skylane.core.southbound.SouthboundStatus;
import io.skylane.southbound.channel.OFChannelInitializer;
import io.skylane.southbound.channel.SouthboundCounters;
import io.skylane.southbound.channel.SwitchRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow listener: accepts switch connections on every configured port (Netty, epoll when
 * the platform has it), runs each connection's handshake and reports ready switches to the
 * {@link SouthboundListener}. {@link #start()} binds; {@link #close()} closes every connection
 * (the listener hears {@code switchDisconnected} for each ready one) and stops the I/O threads.
 */
public final class OpenFlowServer implements SouthboundService, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenFlowServer.class);

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    /**
     * Reads per connection per turn of its event loop. Netty's default (16, each up to the adaptive
     * buffer's 64 KiB) lets a busy connection take up to 1 MiB of PACKET_INs in one turn while the
     * others on the same I/O thread wait; under overload (64 emulated switches keeping 1 024
     * PACKET_INs each in flight) the slowest switch got a sixth of the fastest's answers. With one
     * read per turn every connection with data gets one buffer's worth in turn; the total stayed the
     * same (docs/benchmarks.md, "Fairness under overload").
     */
    static final int READS_PER_TURN = 1;

    private final OpenFlowConfig config;
    private final SouthboundListener listener;
    private final SouthboundCounters counters = new SouthboundCounters();
    private final SwitchRegistry registry = new SwitchRegistry();
    private final List<Channel> serverChannels = new ArrayList<>();
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private volatile List<InetSocketAddress> bound = List.of();
    private boolean started;
    private boolean closed;

    /**
     * @throws IllegalArgumentException if the configuration's values do not fit together
     *                                  ({@link OpenFlowConfig#checkConsistent()})
     */
    public OpenFlowServer(OpenFlowConfig config, SouthboundListener listener) {
        this.config = checkNotNull(config, "config").checkConsistent();
        this.listener = checkNotNull(listener, "listener");
    }

    /**
     * Binds every configured port.
     *
     * @throws IllegalStateException if a port cannot be bound (nothing stays bound then), or if
     *                               the server was started or closed before
     */
    public synchronized void start() {
        checkState(!started && !closed, "OpenFlow server can be started once");
        started = true;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("skylane-of-accept"), io);
        ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("skylane-of-io"), io);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(READS_PER_TURN))
                .childHandler(new OFChannelInitializer(config, listener, registry, counters));
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int port : config.ports()) {
            ChannelFuture f = bootstrap.bind(config.bindAddress(), port).awaitUninterruptibly();
            if (!f.isSuccess()) {
                String where = config.bindAddress() + ":" + port;
                close();
                throw new IllegalStateException("cannot listen for OpenFlow on " + where + ": "
                        + f.cause().getMessage(), f.cause());
            }
            serverChannels.add(f.channel());
            addresses.add((InetSocketAddress) f.channel().localAddress());
        }
        bound = ImmutableList.copyOf(addresses);
        log.info("OpenFlow listening on {} ({}, {} I/O threads)", bound, epoll ? "epoll" : "nio",
                config.ioThreads() == 0 ? "default" : config.ioThreads());
    }

    /** The addresses actually bound (the real port when 0 was configured); empty before {@link #start()}. */
    public List<InetSocketAddress> boundAddresses() {
        return bound;
    }

    @Override
    public SouthboundStatus status() {
        List<String> listening = new ArrayList<>();
        for (InetSocketAddress a : bound) {
            listening.add(config.bindAddress() + ":" + a.getPort());
        }
        return new SouthboundStatus(listening, registry.channels(), registry.ready(), counters.snapshot());
    }

    /** Stops accepting, closes every switch connection, and stops the I/O threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel c : serverChannels) {
            c.close().awaitUninterruptibly();
        }
        serverChannels.clear();
        int open = registry.channels();
        registry.closeAll("controller shutting down", 5000);
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        if (!bound.isEmpty()) {
            log.info("OpenFlow listener on {} stopped ({} connections closed)", bound, open);
        }
        bound = List.of();
    }
}
