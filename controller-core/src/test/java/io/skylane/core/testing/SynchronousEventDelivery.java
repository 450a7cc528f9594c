package io.skylane.core.testing;

import io.skylane.core.event.Event;
import io.skylane.core.event.EventDeliveryService;
import io.skylane.core.event.ListenerRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers each event on the caller's thread before {@code post} returns, so a test sees the
 * effects of an event right after the call that caused it. Listener failures are isolated by the
 * {@link ListenerRegistry} as in production.
 */
public class SynchronousEventDelivery implements EventDeliveryService {

    private final AtomicLong posted = new AtomicLong();

    @Override
    public <E extends Event<?, ?>> void post(E event, ListenerRegistry<E, ?> registry) {
        posted.incrementAndGet();
        registry.process(event);
    }

    /** Events posted so far, through any registry. */
    public long posted() {
        return posted.get();
    }
}
