package io.skylane.core.event;

import io.skylane.core.concurrent.DaemonThreadFactory;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that delivers all events, in the order they were posted. Listener failures are
 * isolated by {@link ListenerRegistry}; a slow listener delays later events, so listeners hand
 * long work to their own executors.
 */
public final class EventDispatcher implements EventDeliveryService, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicLong delivered = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public EventDispatcher() {
        thread = DaemonThreadFactory.named("skylane-events").newThread(this::loop);
        thread.start();
    }

    @Override
    public <E extends Event<?, ?>> void post(E event, ListenerRegistry<E, ?> registry) {
        queue.add(() -> registry.process(event));
    }

    /** Runs a task on the dispatcher thread, after the events already posted. */
    public void execute(Runnable task) {
        queue.add(task);
    }

    /** Events delivered so far. */
    public long delivered() {
        return delivered.get();
    }

    /** Events waiting. */
    public int backlog() {
        return queue.size();
    }

    private void loop() {
        while (running) {
            try {
                Runnable r = queue.poll(200, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                    delivered.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("event task failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
