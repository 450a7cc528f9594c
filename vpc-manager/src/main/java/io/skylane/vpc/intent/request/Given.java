package io.skylane.vpc.intent.request;

import java.util.Objects;
import java.util.function.Function;

/**
 * One field of a request: absent (the request does not mention it: a create takes the default,
 * an update keeps what is stored), or given. A given value is null only where the API gives null a
 * meaning of its own (a subnet's {@code gateway_ip: null} is "no gateway", a port's
 * {@code binding: null} is "unbound").
 */
public final class Given<T> {

    private static final Given<?> ABSENT = new Given<>(false, null);

    private final boolean present;
    private final T value;

    private Given(boolean present, T value) {
        this.present = present;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> Given<T> absent() {
        return (Given<T>) ABSENT;
    }

    /** A given value; null only where the field allows null. */
    public static <T> Given<T> of(T value) {
        return new Given<>(true, value);
    }

    public boolean present() {
        return present;
    }

    /** The given value (may be null); throws when absent. */
    public T value() {
        if (!present) {
            throw new IllegalStateException("the field is absent");
        }
        return value;
    }

    /** The given value, or {@code otherwise} when absent. */
    public T or(T otherwise) {
        return present ? value : otherwise;
    }

    /** The given value transformed, absent stays absent. */
    public <U> Given<U> map(Function<T, U> f) {
        return present ? of(f.apply(value)) : absent();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Given<?> g && g.present == present && Objects.equals(g.value, value);
    }

    @Override
    public int hashCode() {
        return present ? 31 + Objects.hashCode(value) : 0;
    }

    @Override
    public String toString() {
        return present ? "Given[" + value + "]" : "Absent";
    }
}
