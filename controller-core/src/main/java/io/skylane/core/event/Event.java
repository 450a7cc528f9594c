package io.skylane.core.event;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;

/**
 * Something that happened to a subject, with a type and a time.
 *
 * @param <T> the event type enum
 * @param <S> the subject
 */
public abstract class Event<T extends Enum<T>, S> {

    private final T type;
    private final S subject;
    private final Instant time;

    protected Event(T type, S subject, Instant time) {
        this.type = checkNotNull(type, "type");
        this.subject = checkNotNull(subject, "subject");
        this.time = checkNotNull(time, "time");
    }

    public T type() {
        return type;
    }

    public S subject() {
        return subject;
    }

    public Instant time() {
        return time;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + type + " " + subject + "}";
    }
}
