package io.skylane.vpc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ResourceJson#time} writes exactly what the RFC 3339 pattern prints, for any instant. */
class ResourceJsonTimeTest {

    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static void same(Instant t) {
        assertEquals(PATTERN.format(t), ResourceJson.time(t), t.toString());
    }

    @Test
    void agreesWithTheFormatterOnEdgesAndOnRandomInstants() {
        same(Instant.EPOCH);
        same(Instant.ofEpochSecond(0, 999_999_999));
        same(Instant.parse("2026-11-25T18:49:16.123456789Z"));
        same(Instant.parse("2000-02-29T23:59:59.999Z"));
        same(Instant.parse("2100-03-01T00:00:00.001Z"));
        same(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        same(Instant.parse("+10000-01-01T00:00:00Z")); // beyond the fast path
        same(Instant.parse("1969-12-31T23:59:59.500Z")); // before it
        same(Instant.parse("0001-01-01T00:00:00Z"));
        SplittableRandom r = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            same(Instant.ofEpochSecond(r.nextLong(-70_000_000_000L, 260_000_000_000L), r.nextInt(1_000_000_000)));
        }
    }

    @Test
    void readsBackWhatItWrote() {
        Instant t = Instant.parse("2026-12-07T16:20:01.042Z");
        assertEquals(t, Instant.parse(ResourceJson.time(t)));
    }
}
