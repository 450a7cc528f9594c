package io.skylane.mininet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second client of the API: creates {@code perSecond} ports a second, in the VPCs of a
 * {@link BackgroundCloud}, each bound to a spare port of the VPC's emulated switch, and deletes each
 * one once {@code switches} more were started (so the store stays at the cloud's size plus about
 * {@code switches} ports, and the spare switch ports are reused: {@value #SPARE_PORTS} per switch, ports
 * {@code BOUND_PORTS_PER_SWITCH + 1} and up, so a port's switch port was freed {@code 3 * switches}
 * creates earlier; a create that still finds it bound, its delete lagging, is a 409 and counts as failed). Port {@code k} goes to switch
 * {@code k % switches}, into the switch's VPC {@code (k / switches) % 10}. Open loop: a create starts
 * every {@code 1/perSecond} s whatever the answers take (on a pool of {@value #CLIENTS} connections),
 * as independent orchestrator workers would; a request that fails is counted and the churn goes on.
 */
final class PortChurn implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortChurn.class);
    private static final int CLIENTS = 8;
    /** Spare switch ports per emulated switch the churn binds its ports to. */
    static final int SPARE_PORTS = 4;

    private final BackgroundCloud cloud;
    private final SkylaneRest rest;
    private final int switches;
    private final long periodNanos;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final List<CompletableFuture<String>> live = new ArrayList<>();
    private final List<Long> createMicros = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile String lastFailure = "";
    private int next;
    private volatile long startNanos;
    private volatile long endNanos;

    private PortChurn(BackgroundCloud cloud, SkylaneRest rest, int switches, int perSecond) {
        this.cloud = cloud;
        this.rest = rest;
        this.switches = switches;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    }

    /** Starts creating (and deleting) ports at once. */
    static PortChurn start(BackgroundCloud cloud, SkylaneRest rest, int switches, int perSecond) {
        PortChurn churn = new PortChurn(cloud, rest, switches, perSecond);
        churn.startNanos = System.nanoTime();
        churn.ticker.scheduleAtFixedRate(churn::tick, 0, churn.periodNanos, TimeUnit.NANOSECONDS);
        return churn;
    }

    /** On the ticker: starts create number {@code next}, and the delete of the one {@code switches} before. */
    private void tick() {
        int k = next++;
        int sw = k % switches;
        int round = k / switches;
        int vpc = sw * BackgroundCloud.VPCS_PER_SWITCH + round % BackgroundCloud.VPCS_PER_SWITCH;
        live.add(CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try {
                String id = cloud.createPort(vpc, "10.1.0.200", BackgroundCloud.mac(0xc0, k),
                        BackgroundCloud.BOUND_PORTS_PER_SWITCH + 1 + round % SPARE_PORTS);
                createMicros.add((System.nanoTime() - t0) / 1000);
                created.incrementAndGet();
                return id;
            } catch (Exception e) {
                fail(e);
                return null;
            }
        }, clients));
        if (live.size() > switches) {
            live.remove(0).thenAcceptAsync(old -> {
                if (old != null) {
                    try {
                        rest.delete("/v1/ports/" + old);
                        deleted.incrementAndGet();
                    } catch (Exception e) {
                        fail(e);
                    }
                }
            }, clients);
        }
    }

    private void fail(Exception e) {
        lastFailure = e.getMessage();
        if (failed.incrementAndGet() <= 3) {
            log.warn("churn request failed: {}", e.getMessage());
        }
    }

    /** Starts nothing more and waits (15 s at most) for the requests already started. */
    @Override
    public void close() {
        if (endNanos != 0) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            clients.shutdown();
            clients.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.shutdownNow();
        endNanos = System.nanoTime();
    }

    /** What it did: creates and deletes, the rate achieved, the creates' latency. */
    String summary() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        double seconds = (end - startNanos) / 1e9;
        List<Long> sorted;
        synchronized (createMicros) {
            sorted = new ArrayList<>(createMicros);
        }
        Collections.sort(sorted);
        String latency = sorted.isEmpty() ? "none" : String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get(Math.min(sorted.size() - 1,
                        (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
        return String.format(Locale.ROOT, "churn: %d ports created and %d deleted in %.1f s (%.1f creates/s), %d"
                + " failed%s; POST latency %s", created.get(), deleted.get(), seconds, created.get() / Math.max(seconds, 1e-9),
                failed.get(), failed.get() > 0 ? " (last: " + lastFailure + ")" : "", latency);
    }
}
