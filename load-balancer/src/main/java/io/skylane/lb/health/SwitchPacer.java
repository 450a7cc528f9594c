package io.skylane.lb.health;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayDeque;

/**
 * How many probes one switch may take now: at most {@code perSecond} in any second (a sliding
 * window of the last second's sends, so the bound holds exactly), and spread out rather than in
 * one burst (a virtual schedule, GCRA, of one send every 1/{@code perSecond} s, with a tolerance of
 * one tick so that a tick may catch up with the sends due since the last one). Times are
 * nanoseconds on one monotonic scale. Not thread-safe.
 */
final class SwitchPacer {

    static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final long interval;
    private final long tolerance;
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private long theoretical = Long.MIN_VALUE;

    SwitchPacer(int perSecond, long toleranceNanos) {
        checkArgument(perSecond >= 1, "perSecond must be at least 1");
        checkArgument(toleranceNanos >= 0, "tolerance must not be negative");
        this.perSecond = perSecond;
        this.interval = SECOND / perSecond;
        this.tolerance = toleranceNanos;
    }

    /** Takes one send at {@code now} if the bound allows it; false: wait. */
    boolean tryAcquire(long now) {
        prune(now);
        if (window.size() >= perSecond || (theoretical != Long.MIN_VALUE && theoretical - tolerance > now)) {
            return false;
        }
        theoretical = Math.max(theoretical, now) + interval;
        window.addLast(now);
        return true;
    }

    /** Nothing sent in the last second: forgetting this pacer cannot break the bound. */
    boolean idle(long now) {
        prune(now);
        return window.isEmpty();
    }

    private void prune(long now) {
        while (!window.isEmpty() && window.peekFirst() <= now - SECOND) {
            window.pollFirst();
        }
    }
}
