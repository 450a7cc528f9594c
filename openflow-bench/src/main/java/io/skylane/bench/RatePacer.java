package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands out a fixed number of operations to concurrent clients, optionally on a fixed schedule:
 * operation {@code k} (0-based, in the order clients claim them) is due at {@code start + k / rate}.
 * A client that claims an operation before it is due waits until then; one that claims it late (the
 * server was slow) sends it at once, and the operation's latency still counts from when it was due,
 * so a stalled server cannot hide behind a schedule that waits for it (wrk2's correction for
 * coordinated omission). Without a rate every operation is due when it is claimed, but none
 * before the start. Thread safe.
 */
final class RatePacer {

    /** Time as the pacer sees it; the system's, or a test's. */
    interface Clock {
        long nanoTime();

        /** Returns no earlier than {@code nanos} (on this clock), unless interrupted. */
        void waitUntil(long nanos) throws InterruptedException;
    }

    /** {@link System#nanoTime()}, waiting by parking. */
    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void waitUntil(long nanos) throws InterruptedException {
            for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    };

    private final Clock clock;
    private final long total;
    private final double ratePerSecond;
    private final long startNanos;
    private final AtomicLong claimed = new AtomicLong();

    /**
     * @param total         operations to hand out
     * @param ratePerSecond operations per second over all clients; 0 = unpaced
     * @param startNanos    when operation 0 is due (on {@code clock})
     */
    RatePacer(Clock clock, long total, double ratePerSecond, long startNanos) {
        checkArgument(total >= 0, "total must not be negative");
        checkArgument(ratePerSecond >= 0 && !Double.isInfinite(ratePerSecond), "rate must be 0 or positive");
        this.clock = checkNotNull(clock, "clock");
        this.total = total;
        this.ratePerSecond = ratePerSecond;
        this.startNanos = startNanos;
    }

    /** When operation {@code k} is due: {@code start + k / rate}, to the nearest nanosecond (no drift). */
    long dueNanos(long k) {
        return startNanos + Math.round(k * 1e9 / ratePerSecond);
    }

    /**
     * Claims the next operation and waits until it is due.
     *
     * @return when it was due (on the clock): the origin of its latency; empty once every operation
     *         has been handed out
     */
    OptionalLong acquire() throws InterruptedException {
        long k = claimed.getAndIncrement();
        if (k >= total) {
            claimed.set(total); // keep the counter from wrapping however often clients ask again
            return OptionalLong.empty();
        }
        long due = ratePerSecond == 0 ? startNanos : dueNanos(k);
        if (clock.nanoTime() - due < 0) {
            clock.waitUntil(due);
        }
        return OptionalLong.of(ratePerSecond == 0 ? clock.nanoTime() : due);
    }

    /** Operations handed out so far (at most the total). */
    long claimed() {
        return Math.min(total, claimed.get());
    }
}
