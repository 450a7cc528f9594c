package io.skylane.topology.testing;

import io.skylane.topology.TopologyListener;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import java.time.Instant;

/** A topology service over a snapshot the test sets; listeners are accepted and never called. */
public final class FakeTopologyService implements TopologyService {

    private volatile TopologySnapshot current = TopologySnapshot.empty(Instant.EPOCH);

    public FakeTopologyService() {
    }

    public FakeTopologyService(TopologySnapshot snapshot) {
        this.current = snapshot;
    }

    /** Publishes {@code snapshot} as the current one. */
    public void set(TopologySnapshot snapshot) {
        this.current = snapshot;
    }

    @Override
    public TopologySnapshot current() {
        return current;
    }

    @Override
    public void addListener(TopologyListener listener) {
    }

    @Override
    public void removeListener(TopologyListener listener) {
    }
}
