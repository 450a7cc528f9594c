package io.skylane.vpc.pipeline;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.common.util.concurrent.Uninterruptibles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The threads a compile spreads its switches over ({@link VpcCompiler}): the calling thread and
 * {@code threads - 1} helpers of this pool, each taking the next switch until none is left, so that
 * a full compile of a cloud (issue #15: 100,000 ports, 4.7 million rules) uses every core. A switch's
 * rules depend only on the compile's inputs, which nothing changes while it runs, and what the
 * switches share is built once per compile whichever thread asks first ({@link TenantRules}), so the
 * rules and their sharing are those of a compile on one thread. One pool serves one compile at a
 * time; its owner (the tenant data plane) closes it when it stops. {@link #SERIAL} has no helper.
 */
public final class CompilePool implements AutoCloseable {

    /** The calling thread alone: no helper thread, nothing to close. */
    public static final CompilePool SERIAL = new CompilePool(1);

    private final int threads;
    /** The helpers; null without any. */
    private final ExecutorService helpers;

    private CompilePool(int threads) {
        checkArgument(threads >= 1, "threads must be at least 1: %s", threads);
        this.threads = threads;
        this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1,
                new ThreadFactoryBuilder().setNameFormat("tenant-compile-%d").setDaemon(true).build());
    }

    /** A pool compiling on {@code threads} threads, the caller's included (1: {@link #SERIAL}). */
    public static CompilePool of(int threads) {
        return threads == 1 ? SERIAL : new CompilePool(threads);
    }

    /** A pool of as many threads as the machine has cores. */
    public static CompilePool ofCores() {
        return of(Runtime.getRuntime().availableProcessors());
    }

    /** How many threads a compile runs on, the caller's included. */
    public int threads() {
        return threads;
    }

    /**
     * {@code f} of every item, in the items' order, computed on this pool's threads and the
     * caller's; returns when all are done. A failure stops the items not yet started and is thrown
     * here once the others have stopped. After {@link #close} the caller computes them alone.
     */
    <K, V> List<V> map(List<K> items, Function<? super K, ? extends V> f) {
        int n = items.size();
        Object[] out = new Object[n];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    out[i] = f.apply(items.get(i));
                }
            } catch (RuntimeException | Error e) {
                next.set(n); // the other threads take nothing more
                throw e;
            }
        };
        List<Future<?>> started = new ArrayList<>();
        for (int h = 0; helpers != null && h < Math.min(threads - 1, n - 1); h++) {
            try {
                started.add(helpers.submit(work));
            } catch (RejectedExecutionException closed) {
                break; // closed meanwhile: the caller does the rest
            }
        }
        Throwable failed = null;
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failed = e;
        }
        for (Future<?> s : started) {
            try {
                Uninterruptibles.getUninterruptibly(s);
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = e.getCause();
                }
            }
        }
        if (failed instanceof RuntimeException r) {
            throw r;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<V> done = (List<V>) Arrays.asList(out);
        return done;
    }

    /** Stops the helper threads (a compile running meanwhile finishes on its caller's). */
    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdown();
        }
    }

    @Override
    public String toString() {
        return "CompilePool(" + threads + " threads)";
    }
}
