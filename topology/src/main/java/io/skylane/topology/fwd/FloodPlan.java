package io.skylane.topology.fwd;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.alg.connectivity.ConnectivityInspector;

/**
 * Where controller-side flooding sends a frame, per snapshot: the connected parts of the network
 * (switches joined by links, either way) and, per switch, the outputs to all its edge ports.
 * Computed once per snapshot and kept in its cache; immutable, so the I/O threads read it freely.
 */
final class FloodPlan {

    /** Per part, the switches that have edge ports, with one output per edge port, by dpid. */
    private final List<Map<DeviceId, List<Action>>> outputs;
    private final Map<DeviceId, Integer> partOf;

    private FloodPlan(TopologySnapshot snapshot) {
        List<Map<DeviceId, List<Action>>> parts = new ArrayList<>();
        Map<DeviceId, Integer> index = new HashMap<>();
        for (Set<DeviceId> part : new ConnectivityInspector<>(snapshot.graph()).connectedSets()) {
            ImmutableMap.Builder<DeviceId, List<Action>> b = ImmutableMap.builder();
            for (DeviceId d : new TreeSet<>(part)) {
                index.put(d, parts.size());
                Set<PortNumber> edge = snapshot.edgePorts(d);
                if (!edge.isEmpty()) {
                    b.put(d, edge.stream().map(Action::output).collect(ImmutableList.toImmutableList()));
                }
            }
            parts.add(b.build());
        }
        this.outputs = ImmutableList.copyOf(parts);
        this.partOf = ImmutableMap.copyOf(index);
    }

    /** The plan of a snapshot, from its cache. */
    static FloodPlan of(TopologySnapshot snapshot) {
        return snapshot.cached(Key.INSTANCE, k -> new FloodPlan(snapshot));
    }

    /** True if both switches are in the snapshot and in the same connected part. */
    boolean connected(DeviceId a, DeviceId b) {
        Integer pa = partOf.get(a);
        return pa != null && pa.equals(partOf.get(b));
    }

    /**
     * The switches of the part of {@code device} that have edge ports, each with the outputs to all
     * of them, in dpid order; empty if the switch is not in the snapshot.
     */
    Map<DeviceId, List<Action>> outputsOfPart(DeviceId device) {
        Integer part = partOf.get(device);
        return part == null ? Map.of() : outputs.get(part);
    }

    /** {@code outputs} without the output to {@code port}. */
    static List<Action> without(List<Action> outputs, PortNumber port) {
        Action self = Action.output(port);
        return outputs.contains(self)
                ? outputs.stream().filter(a -> !a.equals(self)).collect(ImmutableList.toImmutableList())
                : outputs;
    }

    /** Edge ports of the part of {@code device}: what one flood costs in outputs. */
    int edgePortsOfPart(DeviceId device) {
        Integer part = partOf.get(device);
        return part == null ? 0 : outputs.get(part).values().stream().mapToInt(List::size).sum();
    }

    private enum Key { INSTANCE }
}
