package io.skylane.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.skylane.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClockTickerTest {

    @Test
    void readsTheClockInNanoseconds() {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000, 250));
        ClockTicker ticker = ClockTicker.of(clock);

        assertEquals(1_000_000_000_250L, ticker.read());
        clock.advance(Duration.ofMillis(1500));
        assertEquals(1_001_500_000_250L, ticker.read());
    }

    @Test
    void aCacheOnItExpiresWhenTheClockMoves() {
        MutableClock clock = new MutableClock();
        Cache<String, String> cache = CacheBuilder.newBuilder().expireAfterWrite(10, TimeUnit.SECONDS)
                .ticker(ClockTicker.of(clock)).build();
        cache.put("a", "b");

        clock.advance(Duration.ofSeconds(9));
        assertEquals("b", cache.getIfPresent("a"));
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.getIfPresent("a"));
    }
}
