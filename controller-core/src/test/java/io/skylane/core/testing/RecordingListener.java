package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.event.Event;
import io.skylane.core.event.EventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records the events it receives, on any thread, in order. Subclass it to get a listener of a
 * service's own listener type, as {@link RecordingDeviceListener} does:
 * {@code class RecordingTopologyListener extends RecordingListener<TopologyEvent> implements TopologyListener {}}.
 *
 * @param <E> the event type
 */
public class RecordingListener<E extends Event<?, ?>> implements EventListener<E> {

    private final List<E> events = new ArrayList<>();

    @Override
    public synchronized void event(E event) {
        events.add(event);
        notifyAll();
    }

    /** Every event received so far, oldest first. */
    public synchronized ImmutableList<E> events() {
        return ImmutableList.copyOf(events);
    }

    /** The events of one type, oldest first. */
    public synchronized ImmutableList<E> events(Enum<?> type) {
        return events.stream().filter(e -> e.type() == type).collect(ImmutableList.toImmutableList());
    }

    /** The types of the events received, oldest first: handy for asserting a sequence. */
    public synchronized ImmutableList<Enum<?>> types() {
        return events.stream().<Enum<?>>map(Event::type).collect(ImmutableList.toImmutableList());
    }

    public synchronized void clear() {
        events.clear();
    }

    /**
     * Waits until an event matching {@code predicate} has been received (possibly already) and
     * returns the first such event.
     *
     * @throws AssertionError if none arrives within {@code timeout}; the message lists what did arrive
     */
    public synchronized E await(Predicate<? super E> predicate, Duration timeout) {
        checkNotNull(predicate, "predicate");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (E e : events) {
                if (predicate.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeout + "; received " + events);
            }
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for an event", ie);
            }
        }
    }

    /** Waits for the first event of a type; see {@link #await(Predicate, Duration)}. */
    public E await(Enum<?> type, Duration timeout) {
        return await(e -> e.type() == type, timeout);
    }
}
