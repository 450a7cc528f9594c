package io.skylane.topology.testing;

import io.skylane.topology.TopologyEvent;
import io.skylane.topology.TopologyListener;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A topology service over a snapshot the test sets ({@link #set}: the listeners are not told), or
 * publishes ({@link #publish}: they are).
 */
public final class FakeTopologyService implements TopologyService {

    private volatile TopologySnapshot current = TopologySnapshot.empty(Instant.EPOCH);
    private final List<TopologyListener> listeners = new CopyOnWriteArrayList<>();

    public FakeTopologyService() {
    }

    public FakeTopologyService(TopologySnapshot snapshot) {
        this.current = snapshot;
    }

    /** Publishes {@code snapshot} as the current one. */
    public void set(TopologySnapshot snapshot) {
        this.current = snapshot;
    }

    /** Publishes {@code snapshot} and tells the listeners (a change with no link or switch named). */
    public void publish(TopologySnapshot snapshot) {
        TopologySnapshot previous = current;
        current = snapshot;
        TopologyEvent e = new TopologyEvent(previous, snapshot, Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
        listeners.forEach(l -> l.event(e));
    }

    @Override
    public TopologySnapshot current() {
        return current;
    }

    @Override
    public void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }
}
