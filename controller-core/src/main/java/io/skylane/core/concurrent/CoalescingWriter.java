package io.skylane.core.concurrent;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the latest value of each key to a slow sink (a durable write, say) on an executor of its
 * own, so that whoever produces the values never waits for the sink:
 * <ul>
 * <li>{@link #accept} only records the values and returns; a key given again before it was
 *     written keeps only its latest value;</li>
 * <li>one write at a time (a {@link CoalescingScheduler}); the values that arrive during a write
 *     make one more write after it, whatever their number;</li>
 * <li>a write that throws is logged and its values are kept for the next write, unless a newer
 *     value of the same key arrived meanwhile (the newer one wins); the next {@link #accept} or
 *     {@link #flush} tries again;</li>
 * <li>after {@link #close()} nothing more is written.</li>
 * </ul>
 * For derived state kept in a store (a port's data-plane status, a load balancer's provisioning
 * status): the producer's thread must not be held by the store's fsync, and only the last value of
 * each key matters. Thread-safe.
 *
 * @param <K> the key (a resource id, say)
 * @param <V> its value
 */
public final class CoalescingWriter<K, V> implements Consumer<Map<K, V>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoalescingWriter.class);

    private final String name;
    private final Consumer<Map<K, V>> sink;
    private final CoalescingScheduler scheduler;
    private final Object lock = new Object();
    private Map<K, V> pending = new LinkedHashMap<>();
    private final LongAdder writes = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /**
     * @param name     what is written, for the log ("Port statuses" logs "Port statuses not written: ...")
     * @param executor runs the writes (a single thread of their own, say)
     * @param sink     writes one batch (the latest value of every key given since the last write)
     */
    public CoalescingWriter(String name, Executor executor, Consumer<Map<K, V>> sink) {
        this.name = checkNotNull(name, "name");
        this.sink = checkNotNull(sink, "sink");
        this.scheduler = new CoalescingScheduler(name + " write", executor, this::write);
    }

    /** Records {@code values} (the latest value of a key wins) and returns at once; written soon after. */
    @Override
    public void accept(Map<K, V> values) {
        checkNotNull(values, "values");
        if (values.isEmpty()) {
            return;
        }
        synchronized (lock) {
            pending.putAll(values);
        }
        scheduler.schedule();
    }

    /** Writes what is pending (again, after a failed write). */
    public void flush() {
        scheduler.schedule();
    }

    /** Values recorded and not yet written (those of a failed write included). */
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Writes made, and writes that threw. */
    public long writes() {
        return writes.sum();
    }

    public long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        scheduler.close();
    }

    private void write() {
        Map<K, V> batch;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new LinkedHashMap<>();
        }
        try {
            sink.accept(Collections.unmodifiableMap(batch));
            writes.increment();
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("{} not written ({} kept for the next write): {}", name, batch.size(), e.toString());
            log.debug("{} write failed", name, e);
            synchronized (lock) {
                Map<K, V> newer = pending;
                pending = batch;
                pending.putAll(newer); // a value given during the failed write is newer than the failed one
            }
        }
    }
}
