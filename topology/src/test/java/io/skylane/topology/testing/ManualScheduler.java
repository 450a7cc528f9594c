package io.skylane.topology.testing;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} that runs nothing by itself: tasks handed to it wait until the
 * test runs them, on the test's thread. One-shot tasks ({@code execute}, {@code schedule}, whatever
 * their delay) run with {@link #runPending()}; periodic ones run once each with
 * {@link #runPeriodic()}. Time is the test's business (move a {@code MutableClock}). Not thread-safe.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final Deque<Task> pending = new ArrayDeque<>();
    private final List<Task> periodic = new ArrayList<>();
    private boolean shutdown;

    /** Runs the waiting one-shot tasks, and those they hand in, until none is left; returns how many ran. */
    public int runPending() {
        int n = 0;
        while (!pending.isEmpty()) {
            Task t = pending.poll();
            if (!t.isCancelled()) {
                t.command.run();
                t.done = true;
                n++;
            }
        }
        return n;
    }

    /** Runs the one-shot tasks waiting now, not those they hand in; returns how many ran. */
    public int runWaiting() {
        int n = 0;
        for (int waiting = pending.size(); waiting > 0 && !pending.isEmpty(); waiting--) {
            Task t = pending.poll();
            if (!t.isCancelled()) {
                t.command.run();
                t.done = true;
                n++;
            }
        }
        return n;
    }

    /** Runs every periodic task once, in the order scheduled; returns how many ran. */
    public int runPeriodic() {
        int n = 0;
        for (Task t : List.copyOf(periodic)) {
            if (!t.isCancelled()) {
                t.command.run();
                n++;
            }
        }
        return n;
    }

    /** One-shot tasks waiting. */
    public int pendingCount() {
        return pending.size();
    }

    /** Periodic tasks not cancelled. */
    public int periodicCount() {
        return (int) periodic.stream().filter(t -> !t.isCancelled()).count();
    }

    @Override
    public void execute(Runnable command) {
        add(new Task(checkNotNull(command, "command")));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task(checkNotNull(command, "command")));
    }

    /** The returned future's {@code get} does not wait for, nor return, the callable's result. */
    @Override
    @SuppressWarnings("unchecked")
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return (ScheduledFuture<V>) (ScheduledFuture<?>) add(new Task(new FutureTask<>(callable)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return addPeriodic(command);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return addPeriodic(command);
    }

    private Task add(Task t) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        pending.add(t);
        return t;
    }

    private Task addPeriodic(Runnable command) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task t = new Task(checkNotNull(command, "command"));
        periodic.add(t);
        return t;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>();
        pending.forEach(t -> left.add(t.command));
        pending.clear();
        periodic.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** A task handed in; cancelling it keeps it from running. */
    private static final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        boolean cancelled;
        boolean done;

        Task(Runnable command) {
            this.command = command;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return !done;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
