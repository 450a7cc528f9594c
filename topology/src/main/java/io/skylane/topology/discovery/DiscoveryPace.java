package io.skylane.topology.discovery;

/**
 * Whether discovery keeps up, and what it does when it does not. Two things fall behind on a
 * starved or overloaded controller, and neither is the links' fault:
 *
 * <ul>
 *   <li>the timer itself: a tick more than half a probe interval late means the probes of that
 *       time were not sent (counted as {@code timerStalls});
 *   <li>the packet-in path: a probe of this controller that comes back older than half a probe
 *       interval (the I/O threads are that far behind, a connection storm or more probes than
 *       they can carry) means the confirmations of the links are late too (counted as
 *       {@code lateProbes}).
 * </ul>
 *
 * <p>After either, no link times out until a whole link timeout has passed since, which gives
 * every link the probes it missed. While probes come back late, the periodic rounds yield: their
 * probes are skipped (counted as {@code probesYielded}; the round goes on spreading as before, so
 * nothing bursts when it resumes), which leaves the I/O threads to the handshakes and to the probes
 * that find new links (at connect, a port coming up, a new link's reverse), until a probe
 * interval has passed without a late probe. A network that keeps up never sees any of this.
 *
 * <p>Threads: {@link #probeReturned} on the I/O threads, the rest on the discovery timer.
 */
final class DiscoveryPace {

    private final long tickMillis;
    private final long lagMillis;
    private final long probeIntervalMillis;
    private final long linkTimeoutMillis;
    private final DiscoveryCounters counters;
    private long lastTick = Long.MIN_VALUE;
    private long expiryHeldUntil = Long.MIN_VALUE;
    /** Until when the periodic rounds yield: a probe interval after the last late probe. */
    private volatile long behindUntil = Long.MIN_VALUE;

    DiscoveryPace(long tickMillis, long probeIntervalMillis, long linkTimeoutMillis, DiscoveryCounters counters) {
        this.tickMillis = tickMillis;
        this.probeIntervalMillis = probeIntervalMillis;
        this.lagMillis = probeIntervalMillis / 2;
        this.linkTimeoutMillis = linkTimeoutMillis;
        this.counters = counters;
    }

    /** One of this controller's probes came back (signature checked), sent at {@code sentMillis}. */
    void probeReturned(long sentMillis, long now) {
        if (now - sentMillis > lagMillis) {
            counters.lateProbes.increment();
            long until = now + probeIntervalMillis;
            if (until > behindUntil) {
                behindUntil = until; // a race between I/O threads only ever loses a few ms
            }
        }
    }

    /**
     * Called at every tick of the timer, first: notes a stall of the timer and a packet-in path
     * that is behind, holding the link timeouts after either.
     *
     * @return a description of the stall for the log, or null when the timer was on time
     */
    String tick(long now) {
        String stall = null;
        if (lastTick != Long.MIN_VALUE && now < lastTick) {
            expiryHeldUntil = Long.MIN_VALUE; // the clock was set back: nothing to compare with
        } else if (lastTick != Long.MIN_VALUE && now - lastTick > tickMillis + lagMillis) {
            expiryHeldUntil = now + linkTimeoutMillis;
            counters.timerStalls.increment();
            stall = "ran " + (now - lastTick - tickMillis) + " ms late";
        }
        lastTick = now;
        if (roundsYield(now)) {
            expiryHeldUntil = Math.max(expiryHeldUntil, now + linkTimeoutMillis);
        }
        return stall;
    }

    /** The periodic rounds' probes are skipped now: probes came back late within a probe interval. */
    boolean roundsYield(long now) {
        return now < behindUntil;
    }

    /** Links may time out now. */
    boolean mayExpire(long now) {
        return now >= expiryHeldUntil;
    }
}
