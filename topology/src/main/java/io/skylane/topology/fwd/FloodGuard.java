package io.skylane.topology.fwd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.skylane.core.concurrent.ClockTicker;
import io.skylane.core.net.ConnectPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Defence in depth for controller-side flooding. Flooding to edge ports cannot loop while the
 * snapshot knows every link; for the moment after a cable comes up and before discovery has seen
 * it, its two ends look like edge ports, and a flooded frame would come back through it. The guard
 * remembers, for a short window, each flooded frame (a 64-bit hash of its bytes) with the port it
 * was first flooded from: the same bytes arriving at another port within the window are a copy the
 * controller made, and are not flooded again. The same frame again at the same port (a host
 * repeating itself) is flooded as usual.
 *
 * <p>Bounded (the oldest entries go first beyond {@code maxEntries}) and lock-free enough for the
 * I/O threads.
 */
final class FloodGuard {

    private static final HashFunction HASH = Hashing.murmur3_128();

    private final Cache<Long, ConnectPoint> seen;

    FloodGuard(Duration window, int maxEntries, Clock clock) {
        checkArgument(!window.isNegative() && !window.isZero(), "window must be positive");
        checkArgument(maxEntries > 0, "maxEntries must be positive");
        checkNotNull(clock, "clock");
        this.seen = CacheBuilder.newBuilder().maximumSize(maxEntries)
                .expireAfterWrite(window.toNanos(), TimeUnit.NANOSECONDS).ticker(ClockTicker.of(clock)).build();
    }

    /**
     * True if the frame may be flooded from {@code from}: the same bytes were not flooded from
     * another port within the window. Remembers the frame's first port.
     */
    boolean admit(byte[] frame, ConnectPoint from) {
        ConnectPoint first = seen.asMap().putIfAbsent(HASH.hashBytes(frame).asLong(), from);
        return first == null || first.equals(from);
    }
}
