package io.skylane.core.concurrent;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Instant;

/**
 * Guava's {@link Ticker} read from a {@link Clock}: a cache built with it expires entries on the
 * clock the app was given, so tests move time by moving their clock.
 */
public final class ClockTicker extends Ticker {

    private final Clock clock;

    private ClockTicker(Clock clock) {
        this.clock = clock;
    }

    public static ClockTicker of(Clock clock) {
        return new ClockTicker(checkNotNull(clock, "clock"));
    }

    /** The clock's instant in nanoseconds since the epoch. */
    @Override
    public long read() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
