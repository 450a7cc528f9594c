package io.skylane.core.event;

/** Delivers events to a service's listeners off the caller's thread, in the order posted. */
public interface EventDeliveryService {

    <E extends Event<?, ?>> void post(E event, ListenerRegistry<E, ?> registry);
}
