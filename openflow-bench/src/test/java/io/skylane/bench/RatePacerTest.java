package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The churn clients' schedule: due times, waiting, late operations, the end, concurrency. */
class RatePacerTest {

    /** A clock that moves only when asked to, or when a client waits (to the time it waits for). */
    static final class ManualClock implements RatePacer.Clock {
        long now;
        final List<Long> waits = new ArrayList<>();

        @Override
        public synchronized long nanoTime() {
            return now;
        }

        @Override
        public synchronized void waitUntil(long nanos) {
            waits.add(nanos);
            now = Math.max(now, nanos);
        }
    }

    @Test
    void operationKIsDueAtStartPlusKOverTheRateAndAnEarlyClientWaitsForIt() throws Exception {
        ManualClock clock = new ManualClock();
        clock.now = 1_000;
        RatePacer pacer = new RatePacer(clock, 4, 50, 1_000); // 50/s: one every 20 ms
        assertEquals(1_000, pacer.acquire().getAsLong(), "the first is due at the start, no wait");
        assertEquals(List.of(), clock.waits);
        assertEquals(1_000 + 20_000_000, pacer.acquire().getAsLong());
        assertEquals(List.of(1_000 + 20_000_000L), clock.waits, "waited until it was due");
        assertEquals(1_000 + 40_000_000, pacer.acquire().getAsLong());
        assertEquals(1_000 + 60_000_000, pacer.acquire().getAsLong());
        assertTrue(pacer.acquire().isEmpty(), "four handed out, no more");
        assertTrue(pacer.acquire().isEmpty(), "and never again");
        assertEquals(4, pacer.claimed());
    }

    @Test
    void aLateOperationGoesAtOnceAndKeepsItsDueTimeAsTheLatencyOrigin() throws Exception {
        ManualClock clock = new ManualClock();
        RatePacer pacer = new RatePacer(clock, 10, 1000, 0); // one per ms
        clock.now = 5_500_000; // the server held the clients up: operations 0..5 are due already
        for (int k = 0; k <= 5; k++) {
            assertEquals(k * 1_000_000L, pacer.acquire().getAsLong());
        }
        assertEquals(List.of(), clock.waits, "nothing late waits");
        assertEquals(6_000_000, pacer.acquire().getAsLong(), "back on schedule: waits for the next");
        assertEquals(List.of(6_000_000L), clock.waits);
    }

    @Test
    void fractionalIntervalsDoNotDrift() {
        RatePacer pacer = new RatePacer(new ManualClock(), 1_000_000, 3, 0); // 333,333,333.33 ns apart
        assertEquals(3_000_000_000L, pacer.dueNanos(9));
        assertEquals(333_333_333_333L, pacer.dueNanos(1000), "no rounding error accumulates");
    }

    @Test
    void unpacedOperationsAreDueWhenClaimedButNotBeforeTheStart() throws Exception {
        ManualClock clock = new ManualClock();
        clock.now = 100;
        RatePacer pacer = new RatePacer(clock, 3, 0, 500);
        assertEquals(500, pacer.acquire().getAsLong(), "waited for the start");
        assertEquals(List.of(500L), clock.waits);
        clock.now = 777;
        assertEquals(777, pacer.acquire().getAsLong(), "due now: the latency runs from the send");
        assertEquals(777, pacer.acquire().getAsLong());
        assertTrue(pacer.acquire().isEmpty());
    }

    @Test
    void concurrentClientsShareTheOperationsEachOnce() throws Exception {
        ManualClock clock = new ManualClock();
        RatePacer pacer = new RatePacer(clock, 10_000, 1_000_000, 0);
        Set<Long> due = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    OptionalLong d;
                    while ((d = pacer.acquire()).isPresent()) {
                        assertTrue(due.add(d.getAsLong()), "each due time once");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(10_000, due.size());
        for (long k = 0; k < 10_000; k++) {
            assertTrue(due.contains(k * 1000), "slot " + k);
        }
    }

    @Test
    void refusesANegativeRateOrTotal() {
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(new ManualClock(), 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(new ManualClock(), -1, 1, 0));
    }
}
