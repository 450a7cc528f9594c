package io.skylane.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * The emulated switches of one run: their event loops (epoll when available), their connections,
 * and the tasks the orchestrator runs on them. Switch {@code i} lives on loop {@code i % threads};
 * each loop has one latency histogram, written only by that loop.
 */
final class SwitchFleet implements AutoCloseable {

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final BenchConfig config;
    private final MultiThreadIoEventLoopGroup group;
    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Histogram> histograms = new ArrayList<>();
    private final List<EmulatedSwitch> switches = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<Long> connectStarts = new ArrayList<>();
    private final boolean epoll;
    private final Bootstrap bootstrap;
    private long connectStartNanos;
    private FabricCables cables;

    SwitchFleet(BenchConfig config) {
        this.config = config;
        SwitchReplies.warmUp();
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(config.threads(), new DefaultThreadFactory("skylane-bench"), io);
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
            histograms.add(newHistogram());
        }
        this.bootstrap = new Bootstrap()
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMs())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    static Histogram newHistogram() {
        return new Histogram(EmulatedSwitch.HIGHEST_LATENCY_NS, 3);
    }

    boolean epoll() {
        return epoll;
    }

    List<EmulatedSwitch> switches() {
        return switches;
    }

    /** When {@link #connectAll} started (System.nanoTime). */
    long connectStartNanos() {
        return connectStartNanos;
    }

    /** Wires the switches together (a fabric run); before {@link #connectAll}. */
    void wire(FabricCables c) {
        cables = c;
    }

    /** Starts every connection at once; {@code failed} hears each connect that fails. */
    void connectAll(Consumer<String> failed) {
        connectStartNanos = System.nanoTime();
        for (int i = 0; i < config.switches(); i++) {
            EventLoop loop = loops.get(i % loops.size());
            long start = System.nanoTime();
            EmulatedSwitch sw = new EmulatedSwitch(SwitchSpec.of(config, i), start, histograms.get(i % loops.size()),
                    cables);
            switches.add(sw);
            if (cables != null) {
                cables.attach(i, sw);
            }
            connectStarts.add(start);
            ChannelFuture f = bootstrap.clone(loop).handler(sw).connect(config.host(), config.port());
            channels.add(f.channel());
            f.addListener(r -> {
                if (!r.isSuccess()) {
                    failed.accept("switch " + sw.spec().dpidText() + " cannot connect to " + config.host() + ":"
                            + config.port() + ": " + r.cause().getMessage());
                    sw.ready().completeExceptionally(r.cause());
                    sw.closed().complete("cannot connect: " + r.cause().getMessage());
                }
            });
        }
    }

    /** When switch {@code i}'s connect call was made (System.nanoTime). */
    long connectStart(int i) {
        return connectStarts.get(i);
    }

    /**
     * Runs {@code task} on every switch's event loop and collects the results in switch order.
     *
     * @throws TimeoutException if the loops do not get to it in time (they are stuck)
     */
    <T> List<T> onEach(Function<EmulatedSwitch, T> task, long timeoutMs) throws TimeoutException, InterruptedException {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (int i = 0; i < switches.size(); i++) {
            EmulatedSwitch sw = switches.get(i);
            CompletableFuture<T> f = new CompletableFuture<>();
            loops.get(i % loops.size()).execute(() -> {
                try {
                    f.complete(task.apply(sw));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
            futures.add(f);
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<T> out = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            try {
                out.add(f.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException("task on a switch failed", e.getCause());
            }
        }
        return out;
    }

    /** Runs {@code action} on every switch's event loop and waits for all. */
    void runOnEach(Consumer<EmulatedSwitch> action, long timeoutMs) throws TimeoutException, InterruptedException {
        onEach(sw -> {
            action.accept(sw);
            return Boolean.TRUE;
        }, timeoutMs);
    }

    List<SwitchSnapshot> snapshot() throws TimeoutException, InterruptedException {
        return onEach(EmulatedSwitch::snapshot, 10_000);
    }

    /** The round trips recorded since the last call, all loops merged; the loops' histograms restart empty. */
    Histogram drainLatency() throws TimeoutException, InterruptedException {
        Histogram total = newHistogram();
        List<CompletableFuture<Histogram>> futures = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            Histogram h = histograms.get(i);
            CompletableFuture<Histogram> f = new CompletableFuture<>();
            loops.get(i).execute(() -> {
                Histogram copy = h.copy();
                h.reset();
                f.complete(copy);
            });
            futures.add(f);
        }
        for (CompletableFuture<Histogram> f : futures) {
            try {
                total.add(f.get(10, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return total;
    }

    /** The newest answer any switch received (System.nanoTime). */
    long lastAnswerNanos() {
        long last = Long.MIN_VALUE;
        for (EmulatedSwitch sw : switches) {
            last = Math.max(last, sw.lastAnswerNanos());
        }
        return last;
    }

    /** Switches whose connection has closed. */
    List<EmulatedSwitch> closedSwitches() {
        List<EmulatedSwitch> out = new ArrayList<>();
        for (EmulatedSwitch sw : switches) {
            if (sw.closed().isDone()) {
                out.add(sw);
            }
        }
        return out;
    }

    /** Closes every connection (after its pending writes, 2 s at most) and stops the event loops. */
    @Override
    public void close() {
        for (int i = 0; i < switches.size(); i++) {
            EmulatedSwitch sw = switches.get(i);
            try {
                loops.get(i % loops.size()).execute(() -> sw.close(2000));
            } catch (RuntimeException e) {
                // loop already shut down
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (Channel c : channels) {
            c.closeFuture().awaitUninterruptibly(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
        for (Channel c : channels) {
            c.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
