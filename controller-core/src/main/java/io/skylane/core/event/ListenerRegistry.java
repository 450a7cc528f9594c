package io.skylane.core.event;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one service. Delivers an event to each listener in turn; a listener that
 * throws is logged and counted and does not keep the event from the others.
 */
public final class ListenerRegistry<E extends Event<?, ?>, L extends EventListener<E>> {

    private static final Logger log = LoggerFactory.getLogger(ListenerRegistry.class);

    private final CopyOnWriteArrayList<L> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();

    public void add(L listener) {
        listeners.addIfAbsent(checkNotNull(listener, "listener"));
    }

    public void remove(L listener) {
        listeners.remove(listener);
    }

    /** Delivers {@code event} to every listener that finds it relevant. */
    public void process(E event) {
        for (L l : listeners) {
            try {
                if (l.isRelevant(event)) {
                    l.event(event);
                }
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                failures.incrementAndGet();
                log.warn("listener {} failed on {}: {}", l.getClass().getName(), event, e.toString());
                log.debug("listener failure", e);
            }
        }
    }

    /** How many listener calls have thrown. */
    public long failures() {
        return failures.get();
    }

    public int size() {
        return listeners.size();
    }
}
