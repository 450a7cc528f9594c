package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it. Thread-safe. */
public class MutableClock extends Clock {

    /** Where a new clock starts: a fixed, recognisable instant. */
    public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private volatile Instant now;
    private final ZoneId zone;

    public MutableClock() {
        this(START);
    }

    public MutableClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private MutableClock(Instant start, ZoneId zone) {
        this.now = checkNotNull(start, "start");
        this.zone = checkNotNull(zone, "zone");
    }

    /** Moves the clock forward. */
    public synchronized void advance(Duration d) {
        checkArgument(!d.isNegative(), "a clock only moves forward");
        now = now.plus(d);
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    public synchronized void set(Instant instant) {
        now = checkNotNull(instant, "instant");
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** An independent copy at the current instant in another zone (it does not follow this clock). */
    @Override
    public Clock withZone(ZoneId z) {
        return new MutableClock(now, z);
    }
}
