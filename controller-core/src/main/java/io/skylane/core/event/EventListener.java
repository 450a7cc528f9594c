package io.skylane.core.event;

/** Receives events of one kind, on the event dispatcher thread. */
@FunctionalInterface
public interface EventListener<E extends Event<?, ?>> {

    void event(E event);

    /** Lets a listener skip events cheaply before {@link #event} is called. */
    default boolean isRelevant(E event) {
        return true;
    }
}
