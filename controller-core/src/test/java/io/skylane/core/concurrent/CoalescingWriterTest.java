package io.skylane.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoalescingWriterTest {

    /** Runs nothing by itself: the test runs what was handed to it. */
    private static final class QueueExecutor implements java.util.concurrent.Executor {
        final Deque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queue.add(command);
        }

        void runAll() {
            while (!queue.isEmpty()) {
                queue.remove().run();
            }
        }
    }

    private final QueueExecutor executor = new QueueExecutor();
    private final List<Map<String, Integer>> written = new ArrayList<>();

    @Test
    void valuesGivenBeforeAWriteMakeOneBatchWithTheLatestValueOfEachKey() {
        CoalescingWriter<String, Integer> w = new CoalescingWriter<>("test", executor, b -> written.add(Map.copyOf(b)));

        w.accept(Map.of("a", 1, "b", 1));
        w.accept(Map.of("a", 2));
        w.accept(Map.of("c", 3));
        assertTrue(written.isEmpty(), "nothing written on the caller's thread");
        assertEquals(3, w.pending());

        executor.runAll();

        assertEquals(List.of(Map.of("a", 2, "b", 1, "c", 3)), written);
        assertEquals(0, w.pending());
        assertEquals(1, w.writes());
    }

    @Test
    void theCallerNeverWaitsForASlowSinkAndWhatArrivesMeanwhileIsOneMoreWrite() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch twoWrites = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Map<String, Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        try (CoalescingWriter<String, Integer> w = new CoalescingWriter<>("test", thread, b -> {
            batches.add(Map.copyOf(b));
            inSink.countDown();
            twoWrites.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            w.accept(Map.of("a", 1));
            assertTrue(inSink.await(10, TimeUnit.SECONDS));
            // The sink is held (a slow fsync): these return at once and fold into one write.
            for (int i = 2; i <= 100; i++) {
                w.accept(Map.of("a", i, "k" + (i % 3), i));
            }
            assertEquals(1, batches.size());
            release.countDown();
            assertTrue(twoWrites.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(Map.of("a", 1), Map.of("a", 100, "k0", 99, "k1", 100, "k2", 98)), batches);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aFailedWriteKeepsItsValuesForTheNextWrite() {
        boolean[] fail = {true};
        CoalescingWriter<String, Integer> w = new CoalescingWriter<>("test", executor, b -> {
            if (fail[0]) {
                throw new IllegalStateException("disk full");
            }
            written.add(Map.copyOf(b));
        });
        w.accept(Map.of("a", 1, "b", 2));

        executor.runAll();
        assertEquals(1, w.failures());
        assertEquals(2, w.pending(), "kept");

        fail[0] = false;
        w.flush();
        executor.runAll();
        assertEquals(List.of(Map.of("a", 1, "b", 2)), written);
        assertEquals(0, w.pending());
    }

    @Test
    void aValueGivenDuringAFailedWriteWinsOverTheFailedOne() {
        List<Map<String, Integer>> attempts = new ArrayList<>();
        List<CoalescingWriter<String, Integer>> self = new ArrayList<>();
        CoalescingWriter<String, Integer> w = new CoalescingWriter<>("test", executor, b -> {
            attempts.add(Map.copyOf(b));
            if (attempts.size() == 1) {
                self.get(0).accept(Map.of("b", 20)); // arrives during the failing write
                throw new IllegalStateException("disk full");
            }
        });
        self.add(w);
        w.accept(Map.of("a", 1, "b", 2));

        executor.runAll(); // the failed write, then the one the newer value scheduled

        assertEquals(List.of(Map.of("a", 1, "b", 2), Map.of("a", 1, "b", 20)), attempts);
        assertEquals(0, w.pending());
        assertEquals(1, w.failures());
        assertEquals(1, w.writes());
    }

    @Test
    void nothingIsWrittenAfterClose() {
        CoalescingWriter<String, Integer> w = new CoalescingWriter<>("test", executor, b -> written.add(Map.copyOf(b)));
        w.close();
        w.accept(Map.of("a", 1));
        executor.runAll();
        assertTrue(written.isEmpty());
    }
}
