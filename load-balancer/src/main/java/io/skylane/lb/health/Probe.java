package io.skylane.lb.health;

import com.google.common.base.MoreObjects;

/**
 * A probe sent and not yet settled. {@code expected} is what only its true answer knows: the
 * TCP ISN, the echo sequence number, or the UDP probe's length and checksum (as an ICMP error
 * quotes them). Guarded by the prober's lock.
 */
final class Probe {

    final ProbeKey key;
    final Tracked tracked;
    final long expected;
    /** When it was due (the next one is due a delay later). */
    final long due;
    /** When it times out. */
    final long deadline;
    /** Answered, timed out or abandoned (its target changed or went): its deadline is then ignored. */
    boolean settled;

    Probe(ProbeKey key, Tracked tracked, long expected, long due, long deadline) {
        this.key = key;
        this.tracked = tracked;
        this.expected = expected;
        this.due = due;
        this.deadline = deadline;
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("key", key).add("deadline", deadline).add("settled", settled)
                .toString();
    }
}
