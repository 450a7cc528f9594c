package io.skylane.topology;

import io.skylane.core.event.Event;
import java.time.Instant;
import java.util.Optional;

/** A host appeared, moved, changed (new IP) or went away. The subject is the host now (or last). */
public final class HostEvent extends Event<HostEvent.Type, Host> {

    public enum Type { HOST_ADDED, HOST_MOVED, HOST_UPDATED, HOST_REMOVED }

    private final Host previous;

    public HostEvent(Type type, Host host, Host previous, Instant time) {
        super(type, host, time);
        this.previous = previous;
    }

    /** The host before the change (for moves and updates). */
    public Optional<Host> previous() {
        return Optional.ofNullable(previous);
    }
}
