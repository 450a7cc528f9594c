package io.skylane.topology;

import com.google.common.collect.ImmutableSet;
import io.skylane.core.event.Event;
import io.skylane.core.net.DeviceId;
import java.util.Set;

/**
 * A new topology snapshot was published; says what changed since the previous one. The subject
 * is the new snapshot. Changes that happen together are batched into one event.
 */
public final class TopologyEvent extends Event<TopologyEvent.Type, TopologySnapshot> {

    public enum Type { TOPOLOGY_CHANGED }

    private final TopologySnapshot previous;
    private final Set<Link> linksAdded;
    private final Set<Link> linksRemoved;
    private final Set<DeviceId> devicesAdded;
    private final Set<DeviceId> devicesRemoved;
    private final Set<DeviceId> portsChanged;

    public TopologyEvent(TopologySnapshot previous, TopologySnapshot current, Set<Link> linksAdded,
                         Set<Link> linksRemoved, Set<DeviceId> devicesAdded, Set<DeviceId> devicesRemoved,
                         Set<DeviceId> portsChanged) {
        super(Type.TOPOLOGY_CHANGED, current, current.time());
        this.previous = previous;
        this.linksAdded = ImmutableSet.copyOf(linksAdded);
        this.linksRemoved = ImmutableSet.copyOf(linksRemoved);
        this.devicesAdded = ImmutableSet.copyOf(devicesAdded);
        this.devicesRemoved = ImmutableSet.copyOf(devicesRemoved);
        this.portsChanged = ImmutableSet.copyOf(portsChanged);
    }

    public TopologySnapshot previous() {
        return previous;
    }

    public Set<Link> linksAdded() {
        return linksAdded;
    }

    public Set<Link> linksRemoved() {
        return linksRemoved;
    }

    public Set<DeviceId> devicesAdded() {
        return devicesAdded;
    }

    public Set<DeviceId> devicesRemoved() {
        return devicesRemoved;
    }

    /** Switches whose set of enabled (edge) ports changed. */
    public Set<DeviceId> portsChanged() {
        return portsChanged;
    }

    @Override
    public String toString() {
        return "TopologyEvent{v" + subject().version() + " +links " + linksAdded.size() + " -links "
                + linksRemoved.size() + " +devices " + devicesAdded.size() + " -devices " + devicesRemoved.size() + "}";
    }
}
