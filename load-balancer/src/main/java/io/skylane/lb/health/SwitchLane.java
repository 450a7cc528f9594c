package io.skylane.lb.health;

import java.util.TreeSet;

/**
 * One switch's targets waiting for their next probe, earliest due first, and the switch's bound.
 * A target is either here or has a probe in flight. Guarded by the prober's lock.
 */
final class SwitchLane {

    private final SwitchPacer pacer;
    private final TreeSet<Tracked> queue = new TreeSet<>(Tracked.BY_DUE);

    SwitchLane(SwitchPacer pacer) {
        this.pacer = pacer;
    }

    void add(Tracked t) {
        queue.add(t);
    }

    void remove(Tracked t) {
        queue.remove(t);
    }

    /** The next target due at or before {@code now} that the bound lets through, taken off the queue; null if none. */
    Tracked pollDue(long now) {
        if (queue.isEmpty() || queue.first().due > now || !pacer.tryAcquire(now)) {
            return null;
        }
        return queue.pollFirst();
    }

    /** Nothing waits and nothing was sent for a second: the lane may be forgotten without breaking the bound. */
    boolean idle(long now) {
        return queue.isEmpty() && pacer.idle(now);
    }
}
