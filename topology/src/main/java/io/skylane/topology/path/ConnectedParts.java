package io.skylane.topology.path;

import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * The number of connected parts of a snapshot, counted as the {@link BroadcastTree} counts them
 * (one root per part; only cables seen both ways join switches), without building the graph or
 * the tree: a union-find over the switches, one pass over the links. For whoever only needs the
 * count (the topology summary of the REST API, polled while discovery publishes snapshot after
 * snapshot).
 */
final class ConnectedParts {

    private ConnectedParts() {
    }

    static int count(TopologySnapshot snapshot) {
        Map<DeviceId, Integer> position = new HashMap<>(2 * snapshot.devices().size());
        for (DeviceId d : snapshot.devices()) {
            position.put(d, position.size());
        }
        int[] parent = new int[position.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        int parts = parent.length;
        for (Link l : snapshot.links()) {
            if (l.src().compareTo(l.dst()) < 0 && isBothWays(snapshot, l)) {
                int a = root(parent, position.get(l.srcDevice()));
                int b = root(parent, position.get(l.dstDevice()));
                if (a != b) {
                    parent[Math.max(a, b)] = Math.min(a, b);
                    parts--;
                }
            }
        }
        return parts;
    }

    private static boolean isBothWays(TopologySnapshot snapshot, Link l) {
        return snapshot.linkFrom(l.dst()).filter(r -> r.dst().equals(l.src())).isPresent();
    }

    /** The root of {@code i}'s set, halving the path on the way. */
    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
