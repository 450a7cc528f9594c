package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import java.util.Set;
import org.jgrapht.graph.Multigraph;
import org.jgrapht.traverse.BreadthFirstIterator;

/**
 * A spanning tree of the network seen as undirected cables, one tree per connected part: flooding
 * a packet out of the tree ports and the edge ports of each switch (never back where it came in)
 * reaches every switch and host of its part exactly once, whatever the cycles in the cabling.
 *
 * <p>Each tree is the breadth-first tree from the part's lowest dpid, neighbours taken in port
 * order, so it is shallow and the same for the same cabling. Only cables seen both ways count:
 * a port with a one-way link is neither an edge port nor a tree port, and floods skip it.
 *
 * @param roots the lowest dpid of each connected part
 * @param links the tree's cables, both directions
 * @param ports per switch, its ports on the tree
 */
public record BroadcastTree(Set<DeviceId> roots, Set<Link> links, ImmutableSetMultimap<DeviceId, PortNumber> ports) {

    public BroadcastTree {
        roots = ImmutableSortedSet.copyOf(checkNotNull(roots, "roots"));
        links = ImmutableSortedSet.copyOf(checkNotNull(links, "links"));
        checkNotNull(ports, "ports");
    }

    /** The tree ports of a switch, in port order; empty for a switch alone in its part. */
    public Set<PortNumber> ports(DeviceId device) {
        return ports.get(device);
    }

    public boolean isTreePort(ConnectPoint cp) {
        return ports.containsEntry(cp.deviceId(), cp.port());
    }

    /** The number of cables in the tree: switches minus connected parts. */
    public int cables() {
        return links.size() / 2;
    }

    /** The tree of a snapshot, by JGraphT's breadth-first iterator over its cables. */
    static BroadcastTree of(TopologySnapshot snapshot) {
        Multigraph<DeviceId, Link> cables = new Multigraph<>(null, null, false);
        snapshot.devices().forEach(cables::addVertex);
        for (Link l : snapshot.links()) {
            boolean bothWays = snapshot.linkFrom(l.dst()).filter(r -> r.dst().equals(l.src())).isPresent();
            if (bothWays && l.src().compareTo(l.dst()) < 0) {
                cables.addEdge(l.srcDevice(), l.dstDevice(), l);
            }
        }
        ImmutableSortedSet.Builder<DeviceId> roots = ImmutableSortedSet.naturalOrder();
        ImmutableSortedSet.Builder<Link> links = ImmutableSortedSet.naturalOrder();
        ImmutableSetMultimap.Builder<DeviceId, PortNumber> ports = ImmutableSetMultimap.builder();
        ports.orderValuesBy(PortNumber::compareTo);
        BreadthFirstIterator<DeviceId, Link> bfs = new BreadthFirstIterator<>(cables, snapshot.devices());
        while (bfs.hasNext()) {
            DeviceId d = bfs.next();
            Link cable = bfs.getSpanningTreeEdge(d);
            if (cable == null) {
                roots.add(d);
            } else {
                links.add(cable).add(cable.reverse());
                ports.put(cable.srcDevice(), cable.src().port());
                ports.put(cable.dstDevice(), cable.dst().port());
            }
        }
        return new BroadcastTree(roots.build(), links.build(), ports.build());
    }
}
