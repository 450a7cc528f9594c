package io.skylane.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CoalescingSchedulerTest {

    /** An executor that runs nothing by itself: the test runs what was handed to it. */
    private static final class QueueExecutor implements java.util.concurrent.Executor {
        final Deque<Runnable> queue = new ArrayDeque<>();
        boolean refuse;

        @Override
        public void execute(Runnable command) {
            if (refuse) {
                throw new RejectedExecutionException("shut down");
            }
            queue.add(command);
        }

        /** Runs the oldest task handed in. */
        void runOne() {
            queue.remove().run();
        }
    }

    private final QueueExecutor executor = new QueueExecutor();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void changesThatArriveTogetherMakeOneRun() {
        CoalescingScheduler s = new CoalescingScheduler("test", executor, runs::incrementAndGet);

        s.schedule();
        s.schedule();
        s.schedule();

        assertEquals(1, executor.queue.size(), "one run handed to the executor");
        executor.runOne();
        assertEquals(1, runs.get());
        assertTrue(executor.queue.isEmpty());

        s.schedule();
        executor.runOne();
        assertEquals(2, runs.get(), "a change after the run gets a new run");
    }

    @Test
    void aChangeDuringARunGetsExactlyOneMoreRunAfterIt() {
        CoalescingScheduler[] s = new CoalescingScheduler[1];
        s[0] = new CoalescingScheduler("test", executor, () -> {
            if (runs.incrementAndGet() == 1) {
                s[0].schedule();
                s[0].schedule();
                assertTrue(executor.queue.isEmpty(), "nothing handed over while the run is in progress");
            }
        });
        s[0].schedule();

        executor.runOne();

        assertEquals(1, executor.queue.size(), "exactly one more run, once the first is over");
        executor.runOne();
        assertEquals(2, runs.get());
        assertTrue(executor.queue.isEmpty());
    }

    @Test
    void withADirectExecutorARunAskedForByTheTaskFollowsItInsteadOfNestingInIt() {
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        CoalescingScheduler[] s = new CoalescingScheduler[1];
        s[0] = new CoalescingScheduler("test", MoreExecutors.directExecutor(), () -> {
            deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
            if (runs.incrementAndGet() < 3) {
                s[0].schedule();
            }
            depth.decrementAndGet();
        });

        s[0].schedule();

        assertEquals(3, runs.get());
        assertEquals(1, deepest.get(), "no run inside another");
    }

    @Test
    void oneRunAtATimeOnAPoolOfThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch firstStarted = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            CountDownLatch secondDone = new CountDownLatch(1);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CoalescingScheduler s = new CoalescingScheduler("test", pool, () -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                int n = runs.incrementAndGet();
                if (n == 1) {
                    firstStarted.countDown();
                    await(releaseFirst);
                }
                inside.decrementAndGet();
                if (n == 2) {
                    secondDone.countDown();
                }
            });

            s.schedule();
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                s.schedule(); // idle threads in the pool, yet no second run starts beside the first
            }
            assertEquals(1, runs.get());
            releaseFirst.countDown();

            assertTrue(secondDone.await(10, TimeUnit.SECONDS));
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(2, runs.get(), "ten changes during the first run made one more run");
            assertEquals(1, most.get(), "never two runs at once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingRunIsLoggedAndLaterChangesStillRun() {
        Logger logger = (Logger) LoggerFactory.getLogger(CoalescingScheduler.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN); // the test configuration's root logs ERROR only
        logger.setAdditive(false);
        logger.addAppender(appender);
        try {
            CoalescingScheduler s = new CoalescingScheduler("Widget update", executor, () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("boom");
                }
            });
            s.schedule();
            executor.runOne();

            List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(List.of("Widget update failed: java.lang.IllegalStateException: boom"), warnings);

            s.schedule();
            assertEquals(1, executor.queue.size(), "the failure did not leave it stuck");
            executor.runOne();
            assertEquals(2, runs.get());
        } finally {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(level);
        }
    }

    @Test
    void anErrorStillLeavesTheSchedulerUsable() {
        CoalescingScheduler s = new CoalescingScheduler("test", executor, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new AssertionError("not a RuntimeException: passes through");
            }
        });
        s.schedule();
        assertThrows(AssertionError.class, executor::runOne);

        s.schedule();
        executor.runOne();
        assertEquals(2, runs.get());
    }

    @Test
    void closeStopsEveryRunToCome() {
        CoalescingScheduler s = new CoalescingScheduler("test", executor, runs::incrementAndGet);
        s.schedule();

        s.close();
        executor.runOne(); // handed over before close: does nothing
        s.schedule();

        assertEquals(0, runs.get());
        assertTrue(executor.queue.isEmpty());
    }

    @Test
    void closeDuringARunDropsTheRunItWouldHaveHadAfter() {
        CoalescingScheduler[] s = new CoalescingScheduler[1];
        s[0] = new CoalescingScheduler("test", executor, () -> {
            runs.incrementAndGet();
            s[0].schedule();
            s[0].close();
        });
        s[0].schedule();

        executor.runOne();

        assertEquals(1, runs.get());
        assertTrue(executor.queue.isEmpty());
    }

    @Test
    void aRefusedRunIsDroppedAndTheNextChangeTriesAgain() {
        CoalescingScheduler s = new CoalescingScheduler("test", executor, runs::incrementAndGet);
        executor.refuse = true;
        s.schedule();
        assertTrue(executor.queue.isEmpty());

        executor.refuse = false;
        s.schedule();
        executor.runOne();
        assertEquals(1, runs.get());
        assertFalse(s.toString().contains("closed"));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
