package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How many lines of one kind may go to the log at INFO per window: the rest are counted, for one
 * summary line. So a lab's handful of links are each logged as they appear, while a fabric whose
 * 32,768 links appear within seconds does not write 32,768 lines from the I/O threads (a
 * synchronous console write each, a seventh of those threads' time at k=32). Thread-safe.
 */
final class LogBudget {

    private final int perWindow;
    private final long windowMillis;
    private boolean started;
    private long windowStart;
    private int used;
    private long skipped;

    /**
     * @param perWindow    lines allowed per window, at least 1
     * @param windowMillis the window, at least 1 ms
     */
    LogBudget(int perWindow, long windowMillis) {
        checkArgument(perWindow >= 1, "perWindow must be at least 1");
        checkArgument(windowMillis >= 1, "windowMillis must be at least 1");
        this.perWindow = perWindow;
        this.windowMillis = windowMillis;
    }

    /** Whether a line at {@code now} may be logged at INFO; if not, it is counted as skipped. */
    synchronized boolean take(long now) {
        if (!started || windowOver(now)) {
            started = true;
            windowStart = now;
            used = 0;
        }
        if (used < perWindow) {
            used++;
            return true;
        }
        skipped++;
        return false;
    }

    /** The lines skipped since the last call, once their window is over (0 before); resets the count. */
    synchronized long takeSkipped(long now) {
        if (skipped == 0 || !windowOver(now)) {
            return 0;
        }
        long n = skipped;
        skipped = 0;
        return n;
    }

    private boolean windowOver(long now) {
        return now - windowStart >= windowMillis || now < windowStart; // a clock set back ends it too
    }
}
