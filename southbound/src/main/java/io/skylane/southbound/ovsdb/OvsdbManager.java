package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.skylane.core.concurrent.DaemonThreadFactory;
import io.skylane.core.event.ListenerRegistry;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skylane as the OVSDB manager of its hypervisors (RFC 7047): accepts the connections of
 * ovsdb-servers told {@code ovs-vsctl set-manager tcp:CONTROLLER:6640}, and connects to the
 * targets it is given, reconnecting while open. Each connection monitors the Open_vSwitch
 * database; a bridge with a datapath id is a hypervisor, reported to the {@link OvsdbListener}s
 * as it comes, changes and goes. {@link #ensureTunnelPort} and {@link #removeTunnelPort} change a
 * hypervisor's tunnel port in one transaction and report what ovs-vswitchd made of it.
 *
 * <p>Listeners and the futures this class returns run on one event thread
 * ({@code skylane-ovsdb-events}), never on an I/O thread.
 */
public final class OvsdbManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OvsdbManager.class);

    private final OvsdbConfig config;
    private final Clock clock;
    private final OvsdbCounters counters = new OvsdbCounters();
    private final HypervisorRegistry registry = new HypervisorRegistry(counters);
    private final ListenerRegistry<OvsdbEvent, OvsdbListener> listeners = new ListenerRegistry<>();
    private final TunnelPorts tunnelPorts;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final Map<OvsdbTarget, CompletableFuture<Void>> targets = new ConcurrentHashMap<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(DaemonThreadFactory.named("skylane-ovsdb-events"));
    private final OvsdbConnection.Listener connectionListener = new ConnectionEvents();
    private EventLoopGroup group;
    private boolean epoll;
    private Channel serverChannel;
    private volatile InetSocketAddress bound;
    private boolean started;
    private volatile boolean closed;

    public OvsdbManager(OvsdbConfig config) {
        this(config, Clock.systemUTC());
    }

    public OvsdbManager(OvsdbConfig config, Clock clock) {
        this.config = checkNotNull(config, "config");
        this.clock = checkNotNull(clock, "clock");
        this.tunnelPorts = new TunnelPorts(counters, config.requestTimeout(), config.applyTimeout());
    }

    /**
     * Starts the I/O threads, binds the listener (when configured) and connects to the configured targets.
     *
     * @throws IllegalStateException if the port cannot be bound (nothing stays open then), or if
     *                               the manager was started or closed before
     */
    public synchronized void start() {
        checkState(!started && !closed, "OVSDB manager can be started once");
        started = true;
        epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("skylane-ovsdb-io"), io);
        if (config.listen()) {
            ServerBootstrap b = new ServerBootstrap().group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new OvsdbChannelInitializer(config, counters, connectionListener, true, channels));
            ChannelFuture f = b.bind(config.bindAddress(), config.port()).awaitUninterruptibly();
            if (!f.isSuccess()) {
                String where = config.bindAddress() + ":" + config.port();
                close();
                throw new IllegalStateException("cannot listen for OVSDB on " + where + ": " + f.cause().getMessage(),
                        f.cause());
            }
            serverChannel = f.channel();
            bound = (InetSocketAddress) serverChannel.localAddress();
            log.info("OVSDB listening on {}:{} (ovs-vsctl set-manager tcp:CONTROLLER:{})", config.bindAddress(),
                    bound.getPort(), bound.getPort());
        }
        for (OvsdbTarget t : config.targets()) {
            connect(t);
        }
    }

    /**
     * Keeps a connection to an ovsdb-server open (reconnecting every {@code reconnectInterval}
     * after a failure or a close) until {@link #close()}.
     *
     * @return completes when the first connection is set up (its hypervisors are known then)
     * @throws IllegalStateException    if the manager is not running
     * @throws IllegalArgumentException for a {@code unix:} target where epoll is not available
     */
    public CompletableFuture<Void> connect(OvsdbTarget target) {
        checkNotNull(target, "target");
        synchronized (this) {
            checkState(started && !closed, "OVSDB manager is not running");
        }
        if (target.isUnix() && !epoll) {
            throw new IllegalArgumentException("unix: OVSDB targets need epoll (Linux): " + target);
        }
        CompletableFuture<Void> firstReady = new CompletableFuture<>();
        if (targets.putIfAbsent(target, firstReady) != null) {
            return relay(targets.get(target));
        }
        attempt(target, firstReady, true);
        return relay(firstReady);
    }

    private void attempt(OvsdbTarget target, CompletableFuture<Void> firstReady, boolean first) {
        if (closed) {
            return;
        }
        OvsdbConnection.Listener l = new OvsdbConnection.Listener() {
            @Override
            public void ready(OvsdbConnection c) {
                connectionListener.ready(c);
                firstReady.complete(null);
            }

            @Override
            public void viewChanged(OvsdbConnection c, OvsdbView before, OvsdbView after) {
                connectionListener.viewChanged(c, before, after);
            }

            @Override
            public void closed(OvsdbConnection c, boolean wasReady, String reason) {
                connectionListener.closed(c, wasReady, reason);
            }
        };
        Bootstrap b = new Bootstrap().group(group)
                .channel(target.isUnix() ? EpollDomainSocketChannel.class : epoll ? EpollSocketChannel.class
                        : NioSocketChannel.class)
                .handler(new OvsdbChannelInitializer(config, counters, l, false, channels));
        if (!target.isUnix()) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        b.connect(target.address()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                counters.increment(Counter.CONNECTIONS_FAILED);
                if (first) {
                    log.info("OVSDB: cannot connect to {}: {}; retrying every {} ms", target, f.cause().getMessage(),
                            config.reconnectInterval().toMillis());
                } else {
                    log.debug("OVSDB: cannot connect to {}: {}", target, f.cause().getMessage());
                }
                retry(target, firstReady, false);
                return;
            }
            f.channel().closeFuture().addListener(c -> retry(target, firstReady, true));
        });
    }

    private void retry(OvsdbTarget target, CompletableFuture<Void> firstReady, boolean logFirstFailure) {
        if (closed) {
            return;
        }
        try {
            group.schedule(() -> attempt(target, firstReady, logFirstFailure), config.reconnectInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("OVSDB: not reconnecting to {}: shutting down", target);
        }
    }

    public void addListener(OvsdbListener listener) {
        listeners.add(listener);
    }

    public void removeListener(OvsdbListener listener) {
        listeners.remove(listener);
    }

    /** The datapath ids of the hypervisor bridges on open connections. */
    public List<DeviceId> hypervisors() {
        return registry.datapathIds();
    }

    /** The bridge with this datapath id as its connection shows it now. */
    public Optional<HypervisorView> hypervisor(DeviceId datapathId) {
        return registry.owner(datapathId).flatMap(s -> s.view().hypervisor(datapathId));
    }

    /**
     * Makes the bridge's tunnel port what the spec says, in one transaction if anything differs
     * (nothing is sent when it is already right), and reports what ovs-vswitchd made of it. The
     * future fails with {@link OvsdbException.NotConnected} when no connection has the bridge,
     * {@link OvsdbException.Conflict} when the name is taken otherwise, {@link OvsdbException.ServerError}
     * when the server refused the transaction (a concurrent change: try again), or a timeout.
     * Operations on one connection run one after the other.
     */
    public CompletableFuture<TunnelPortResult> ensureTunnelPort(TunnelPortSpec spec) {
        checkNotNull(spec, "spec");
        return onConnection(spec.datapathId(), c -> tunnelPorts.ensure(c, spec));
    }

    /** {@link #ensureTunnelPort(TunnelPortSpec)} with its fields; {@code ofportRequest} 0 for none. */
    public CompletableFuture<TunnelPortResult> ensureTunnelPort(DeviceId datapathId, String portName, TunnelType type,
                                                               Ip4Address localIp, int ofportRequest) {
        return ensureTunnelPort(new TunnelPortSpec(datapathId, portName, type, localIp,
                ofportRequest == 0 ? OptionalInt.empty() : OptionalInt.of(ofportRequest)));
    }

    /**
     * Removes the bridge's port of this name, if it has one ({@link TunnelPortResult.Change#UNCHANGED}
     * otherwise). Fails like {@link #ensureTunnelPort}.
     */
    public CompletableFuture<TunnelPortResult> removeTunnelPort(DeviceId datapathId, String portName) {
        checkNotNull(datapathId, "datapathId");
        checkNotNull(portName, "portName");
        return onConnection(datapathId, c -> tunnelPorts.remove(c, datapathId, portName));
    }

    private <T> CompletableFuture<T> onConnection(DeviceId datapathId,
                                                  Function<OvsdbConnection, CompletableFuture<T>> op) {
        Optional<OvsdbSession> owner = registry.owner(datapathId);
        if (owner.isEmpty()) {
            return relay(CompletableFuture.failedFuture(new OvsdbException.NotConnected(datapathId)));
        }
        OvsdbConnection c = (OvsdbConnection) owner.get();
        return relay(c.serialized(() -> op.apply(c)));
    }

    /** The connection that holds this datapath id (for tests). */
    Optional<OvsdbSession> session(DeviceId datapathId) {
        return registry.owner(datapathId);
    }

    /** Counters for tests and diagnostics. */
    public OvsdbCounters counters() {
        return counters;
    }

    /** The address the listener is bound to (the real port when 0 was configured). */
    public Optional<InetSocketAddress> boundAddress() {
        return Optional.ofNullable(bound);
    }

    public OvsdbStatus status() {
        Map<String, Long> c = counters.snapshot();
        c.put("listener.failures", listeners.failures());
        InetSocketAddress b = bound;
        return new OvsdbStatus(b == null ? List.of() : List.of(config.bindAddress() + ":" + b.getPort()),
                channels.size(), registry.datapathIds(), c);
    }

    /** Stops listening and reconnecting, closes every connection, stops the threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        events.shutdown();
        try {
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (CompletableFuture<Void> f : targets.values()) {
            f.completeExceptionally(new IllegalStateException("OVSDB manager closed"));
        }
        if (bound != null) {
            log.info("OVSDB listener on port {} stopped", bound.getPort());
        }
        bound = null;
    }

    /** A copy of {@code f} completed on the event thread, so callers' continuations never run on I/O threads. */
    private <T> CompletableFuture<T> relay(CompletableFuture<T> f) {
        CompletableFuture<T> r = new CompletableFuture<>();
        f.whenComplete((v, e) -> onEventThread(() -> {
            if (e != null) {
                r.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                r.complete(v);
            }
        }));
        return r;
    }

    private void onEventThread(Runnable r) {
        try {
            events.execute(r);
        } catch (RejectedExecutionException e) {
            r.run();
        }
    }

    private void post(List<OvsdbEvent> list) {
        for (OvsdbEvent e : list) {
            log.info("OVSDB {}: {} {}", e.remote(), e.type(), e.subject());
            onEventThread(() -> listeners.process(e));
        }
    }

    /** Connection life to registry events; called on the connections' event loops. */
    private final class ConnectionEvents implements OvsdbConnection.Listener {
        @Override
        public void ready(OvsdbConnection c) {
            post(registry.update(c, OvsdbView.EMPTY, c.view(), clock.instant()));
        }

        @Override
        public void viewChanged(OvsdbConnection c, OvsdbView before, OvsdbView after) {
            post(registry.update(c, before, after, clock.instant()));
        }

        @Override
        public void closed(OvsdbConnection c, boolean wasReady, String reason) {
            if (wasReady) {
                post(registry.closed(c, c.view(), clock.instant()));
            }
        }
    }
}
