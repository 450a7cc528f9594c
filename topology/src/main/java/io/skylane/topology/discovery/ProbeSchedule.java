package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.ConnectPoint;
import java.util.List;
import java.util.function.Supplier;

/**
 * Spreads the periodic probes over the probe interval: a round takes the ports to probe when it
 * starts, and by the time a fraction f of the interval has passed, the first f of them are due. So
 * 100 switches with 8 ports each send 800 probes a second in small groups, never in one burst.
 * Called from one thread (the discovery timer).
 */
final class ProbeSchedule {

    private final long intervalMillis;
    private List<ConnectPoint> round = List.of();
    private int sent;
    private long roundStart;
    private boolean started;

    ProbeSchedule(long intervalMillis) {
        checkArgument(intervalMillis > 0, "interval must be positive");
        this.intervalMillis = intervalMillis;
    }

    /**
     * The ports whose probe is due at {@code now} and was not handed out yet. A round that is over
     * hands out what is left and the next one starts, with the ports {@code targets} gives then.
     */
    synchronized List<ConnectPoint> due(long now, Supplier<List<ConnectPoint>> targets) {
        if (!started) {
            start(now, targets);
        }
        long elapsed = now - roundStart;
        boolean over = elapsed >= intervalMillis || elapsed < 0; // a clock set back ends the round too
        int size = round.size();
        int due = over ? size : (int) ((size * elapsed + intervalMillis - 1) / intervalMillis);
        List<ConnectPoint> out = due > sent ? ImmutableList.copyOf(round.subList(sent, due)) : List.of();
        sent = Math.max(sent, due);
        if (over) {
            start(now, targets);
        }
        return out;
    }

    private void start(long now, Supplier<List<ConnectPoint>> targets) {
        round = ImmutableList.copyOf(targets.get());
        sent = 0;
        roundStart = now;
        started = true;
    }
}
