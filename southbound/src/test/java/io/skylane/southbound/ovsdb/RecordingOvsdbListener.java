package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.fail;

import io.skylane.core.net.DeviceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Keeps the manager's events; tests wait for the next one that matches. */
final class RecordingOvsdbListener implements OvsdbListener {

    private final LinkedBlockingQueue<OvsdbEvent> events = new LinkedBlockingQueue<>();
    final List<OvsdbEvent> seen = new ArrayList<>();

    @Override
    public void event(OvsdbEvent event) {
        events.add(event);
    }

    /** Waits for an event of this type and datapath id; the events before it are kept in {@link #seen}. */
    OvsdbEvent await(OvsdbEvent.Type type, DeviceId datapathId, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            OvsdbEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return fail("no " + type + " " + datapathId + " within " + within.toMillis() + " ms; saw " + seen);
            }
            seen.add(e);
            if (e.type() == type && e.subject().equals(datapathId)) {
                return e;
            }
        }
    }
}
