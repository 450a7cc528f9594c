package io.skylane.core.concurrent;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task (a recompute that reads the state as it is when it runs) on an executor whenever
 * something changed, folding changes together:
 * <ul>
 * <li>{@link #schedule()} hands the task to the executor unless a run is already waiting: the
 *     changes that arrive together make one run, with no artificial delay;</li>
 * <li>one run at a time, whatever the executor; a change that arrives during a run gets exactly one
 *     more run after it (the running one may have read the state before the change);</li>
 * <li>a run that throws is logged (WARN, the stack at DEBUG) and later changes run again;</li>
 * <li>after {@link #close()} nothing runs, not even a run already handed to the executor; a run
 *     the executor refuses (shut down) is dropped and logged at DEBUG.</li>
 * </ul>
 * With an executor that runs tasks at once, {@link #schedule()} runs the task on the caller's
 * thread; a change made by the task itself then runs it again once it returns, never inside it.
 * Thread-safe: {@link #schedule()} may be called from any thread.
 */
public final class CoalescingScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoalescingScheduler.class);

    private enum State {
        /** Nothing waiting or running. */
        IDLE,
        /** Handed to the executor, not started. */
        WAITING,
        /** Running, no change since it started. */
        RUNNING,
        /** Running, and a change arrived since it started: run again after. */
        RUNNING_AGAIN
    }

    private final String name;
    private final Executor executor;
    private final Runnable task;
    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private volatile boolean closed;

    /**
     * @param name     what the task does, for the log ("Path forwarding update" logs "Path
     *                 forwarding update failed: ...")
     * @param executor runs the task (a single thread, say)
     * @param task     the work; reads the state it needs when it runs
     */
    public CoalescingScheduler(String name, Executor executor, Runnable task) {
        this.name = checkNotNull(name, "name");
        this.executor = checkNotNull(executor, "executor");
        this.task = checkNotNull(task, "task");
    }

    /** Something changed: run the task, unless a run is waiting (a running one is followed by one more). */
    public void schedule() {
        if (closed) {
            return;
        }
        while (true) {
            State s = state.get();
            if (s == State.IDLE) {
                if (state.compareAndSet(State.IDLE, State.WAITING)) {
                    submit();
                    return;
                }
            } else if (s == State.RUNNING) {
                if (state.compareAndSet(State.RUNNING, State.RUNNING_AGAIN)) {
                    return;
                }
            } else {
                return; // WAITING or RUNNING_AGAIN: that run has yet to read the state, and will see the change
            }
        }
    }

    /** No run from now on; a run in progress finishes. */
    @Override
    public void close() {
        closed = true;
    }

    private void submit() {
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            state.set(State.IDLE);
            log.debug("{} not run: the executor is shut down", name);
        }
    }

    private void run() {
        state.set(State.RUNNING); // changes from now on are followed by another run, which will see them
        try {
            if (!closed) {
                task.run();
            }
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", name, e.toString());
            log.debug("{} failure", name, e);
        } finally {
            if (!state.compareAndSet(State.RUNNING, State.IDLE)) {
                state.set(State.WAITING); // RUNNING_AGAIN: one more run for what arrived meanwhile
                if (closed) {
                    state.set(State.IDLE);
                } else {
                    submit();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "CoalescingScheduler[" + name + ", " + state.get() + (closed ? ", closed" : "") + "]";
    }
}
