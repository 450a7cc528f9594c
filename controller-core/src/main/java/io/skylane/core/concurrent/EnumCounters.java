package io.skylane.core.concurrent;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One lock-free counter per constant of an enum, each with the name operators see: what a
 * component counts ({@code SouthboundCounters}, {@code OvsdbCounters} extend it with their enum).
 */
public class EnumCounters<E extends Enum<E>> {

    private final E[] all;
    private final Function<E, String> key;
    private final LongAdder[] adders;

    protected EnumCounters(Class<E> type, Function<E, String> key) {
        this.all = checkNotNull(type, "type").getEnumConstants();
        this.key = checkNotNull(key, "key");
        this.adders = new LongAdder[all.length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    public void increment(E c) {
        adders[c.ordinal()].increment();
    }

    public void add(E c, long n) {
        adders[c.ordinal()].add(n);
    }

    public long get(E c) {
        return adders[c.ordinal()].sum();
    }

    /** Every counter by name, zeros included, so operators see what is counted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        for (E c : all) {
            m.put(key.apply(c), adders[c.ordinal()].sum());
        }
        return m;
    }
}
