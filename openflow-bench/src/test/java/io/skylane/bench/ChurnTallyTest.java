package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The churn run's figures: percentiles over every client's latencies, rates, errors by status. */
class ChurnTallyTest {

    private static final long MS = 1_000_000;

    /** HdrHistogram with three significant digits: a value is known to within 0.1%. */
    private static void near(double expectedMs, double actualMs, String what) {
        assertTrue(Math.abs(expectedMs - actualMs) <= expectedMs * 0.001 + 1e-9, what + ": " + actualMs + " ms, expected "
                + expectedMs);
    }

    @Test
    void percentilesAreNearestRankOverAllClientsTogether() {
        // 1..1000 ms spread over two clients (odd and even): the merge, not each client, is ranked
        ChurnTally odd = new ChurnTally();
        ChurnTally even = new ChurnTally();
        for (int v = 1; v <= 1000; v++) {
            (v % 2 == 0 ? even : odd).success(201, v * MS);
        }
        ChurnTally.Figures f = ChurnTally.Figures.of(List.of(odd, even), 2_000 * MS);
        assertEquals(1000, f.successes());
        assertEquals(0, f.failures());
        near(500, f.p50Ms(), "p50");
        near(990, f.p99Ms(), "p99");
        near(999, f.p999Ms(), "p99.9");
        near(1000, f.maxMs(), "max");
        assertEquals(500.0, f.perSecond(), 1e-9, "1000 in 2 s");
        assertEquals(2000.0, f.elapsedMs(), 1e-9);
        assertEquals("201:1000", f.statusText());
    }

    @Test
    void oneSlowRequestInAThousandShowsAtP999NotAtP99() {
        ChurnTally t = new ChurnTally();
        for (int i = 0; i < 998; i++) {
            t.success(201, 2 * MS);
        }
        t.success(201, 40 * MS);
        t.success(201, 900 * MS);
        ChurnTally.Figures f = ChurnTally.Figures.of(List.of(t), 1_000 * MS);
        near(2, f.p50Ms(), "p50");
        near(2, f.p99Ms(), "p99");
        near(40, f.p999Ms(), "p99.9 is the 999th of 1000");
        near(900, f.maxMs(), "max");
    }

    @Test
    void errorsAreCountedByStatusAndTheFirstIsKept() {
        ChurnTally a = new ChurnTally();
        ChurnTally b = new ChurnTally();
        a.success(201, MS);
        a.failure("409", "POST /v1/ports answered 409: no free address");
        b.failure(ChurnTally.NO_ANSWER, "connection refused");
        b.failure("409", "again");
        b.success(201, 3 * MS);
        ChurnTally.Figures f = ChurnTally.Figures.of(List.of(a, b), 10 * MS);
        assertEquals(2, f.successes());
        assertEquals(3, f.failures());
        assertEquals(Map.of("201", 2L, "409", 2L, "io", 1L), f.byStatus());
        assertEquals("201:2,409:2,io:1", f.statusText());
        assertEquals("POST /v1/ports answered 409: no free address", f.firstError());
        assertEquals(200.0, f.perSecond(), 1e-9, "successes only");
    }

    @Test
    void nothingMeasuredIsNotANumber() {
        ChurnTally.Figures f = ChurnTally.Figures.of(List.of(new ChurnTally()), 0);
        assertTrue(Double.isNaN(f.p50Ms()) && Double.isNaN(f.maxMs()));
        assertEquals(0.0, f.perSecond());
        assertEquals("none", f.statusText());
        assertEquals("", f.firstError());
    }
}
