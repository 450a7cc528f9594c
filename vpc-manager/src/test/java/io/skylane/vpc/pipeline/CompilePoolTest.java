package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The threads of a parallel compile: results in the items' order, failures thrown to the caller. */
class CompilePoolTest {

    private static final List<Integer> ITEMS = IntStream.range(0, 500).boxed().toList();

    @Test
    void resultsComeInTheItemsOrderWhicheverThreadComputedThem() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch bothStarted = new CountDownLatch(2);
        try (CompilePool pool = CompilePool.of(2)) {
            List<Integer> out = pool.map(ITEMS, i -> {
                threads.add(Thread.currentThread());
                if (i < 2) {
                    bothStarted.countDown(); // the first two items are taken by two threads at once
                    awaitQuietly(bothStarted);
                }
                return i * 3;
            });
            List<Integer> expected = new ArrayList<>();
            ITEMS.forEach(i -> expected.add(i * 3));
            assertEquals(expected, out);
        }
        assertEquals(2, threads.size(), "the caller and one helper: " + threads);
        assertTrue(threads.contains(Thread.currentThread()));
    }

    @Test
    void aFailureOnAnyThreadIsThrownToTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (CompilePool pool = CompilePool.of(3)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.map(ITEMS, i -> {
                if (i == 250) {
                    throw boom;
                }
                return i;
            }));
            assertSame(boom, thrown);
            assertEquals(List.of(1, 2), pool.map(List.of(1, 2), i -> i)); // still usable
        }
    }

    @Test
    void aClosedPoolLeavesTheWorkToTheCaller() {
        CompilePool pool = CompilePool.of(4);
        pool.close();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        assertEquals(ITEMS, pool.map(ITEMS, i -> {
            threads.add(Thread.currentThread());
            return i;
        }));
        assertEquals(Set.of(Thread.currentThread()), threads);
        assertSame(CompilePool.SERIAL, CompilePool.of(1));
        assertEquals(List.of(), CompilePool.SERIAL.map(List.<Integer>of(), i -> i));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "the other thread never took an item");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
