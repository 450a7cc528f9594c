package io.skylane.topology;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedMultigraph;

/**
 * The network at one moment: connected switches, their enabled ports and the links between them,
 * as an unmodifiable JGraphT graph (built on first use: publishing a snapshot does not wait for
 * it) plus indexes. Immutable and published atomically: whoever holds a snapshot sees one
 * consistent network. Derived results (paths, trees) are cached per
 * snapshot with {@link #cached}.
 */
public final class TopologySnapshot {

    private final long version;
    private final Instant time;
    /** Built on first use (paths, flood trees), from {@link #vertices} and {@link #links}. */
    private final Supplier<Graph<DeviceId, Link>> graph;
    /** The switches in the order the graph gets them (the order of the map given). */
    private final ImmutableList<DeviceId> vertices;
    private final ImmutableSortedSet<DeviceId> devices;
    private final ImmutableSortedSet<Link> links;
    /* Maps and sets built here and never changed nor handed out (copying them cost a third of a publication). */
    private final Map<ConnectPoint, Link> linkFrom;
    private final Map<ConnectPoint, Link> linkTo;
    /** The ports of {@link #linkFrom}, {@link #linkTo} and of links looping back to their own switch. */
    private final Set<ConnectPoint> infrastructure;
    private final ImmutableSetMultimap<DeviceId, PortNumber> edgePorts;
    private final Map<Object, Object> cache = new ConcurrentHashMap<>();
    /** What the snapshot this one replaced left to update from: see {@link #replaces}. */
    private final Map<Object, Object> inherited = new ConcurrentHashMap<>();

    /**
     * @param version   increases with every published change
     * @param devices   the connected switches with their enabled ports
     * @param links     the links between enabled ports of connected switches; a link looping back
     *                  to its own switch is kept out of the graph (its ports are infrastructure), and
     *                  of several links leaving (or entering) one port only the first in order is kept
     */
    public TopologySnapshot(long version, Instant time, Map<DeviceId, ? extends Collection<PortNumber>> devices,
                            Collection<Link> links) {
        this.version = version;
        this.time = checkNotNull(time, "time");
        this.vertices = ImmutableList.copyOf(devices.keySet());
        Set<DeviceId> present = ImmutableSet.copyOf(vertices);
        Link[] sorted = links.toArray(new Link[0]);
        Arrays.sort(sorted); // a merge sort: linear when they come in order, as the topology manager's do
        int expected = 2 * sorted.length;
        Map<ConnectPoint, Link> from = new HashMap<>(expected);
        Map<ConnectPoint, Link> to = new HashMap<>(expected);
        Set<ConnectPoint> infra = new HashSet<>(2 * expected);
        List<Link> kept = new ArrayList<>(sorted.length);
        for (Link l : sorted) {
            if (!present.contains(l.srcDevice()) || !present.contains(l.dstDevice())) {
                continue;
            }
            if (l.srcDevice().equals(l.dstDevice())) {
                // a cable between two ports of one switch: useless for paths, but no host lives there
                infra.add(l.src());
                infra.add(l.dst());
            } else if (!from.containsKey(l.src()) && !to.containsKey(l.dst())) {
                // one link per port and direction: a second one (a hub between switches) is left out
                from.put(l.src(), l);
                to.put(l.dst(), l);
                infra.add(l.src());
                infra.add(l.dst());
                kept.add(l);
            }
        }
        this.graph = Suppliers.memoize(this::buildGraph);
        this.devices = ImmutableSortedSet.copyOf(devices.keySet());
        this.links = ImmutableSortedSet.copyOf(kept);
        this.linkFrom = from;
        this.linkTo = to;
        this.infrastructure = infra;
        ImmutableSetMultimap.Builder<DeviceId, PortNumber> edge = ImmutableSetMultimap.builder();
        List<PortNumber> edgeOfOne = new ArrayList<>();
        devices.forEach((d, ports) -> {
            edgeOfOne.clear();
            for (PortNumber p : ports) {
                if (p.isPhysical() && !infra.contains(ConnectPoint.of(d, p))) {
                    edgeOfOne.add(p);
                }
            }
            edgeOfOne.sort(null);
            edge.putAll(d, edgeOfOne);
        });
        this.edgePorts = edge.build();
    }

    /**
     * The graph of the kept links, as the constructor built it before it was built on first use:
     * the switches in the given order, the links in their order.
     */
    private Graph<DeviceId, Link> buildGraph() {
        DirectedMultigraph<DeviceId, Link> g = new DirectedMultigraph<>(null, null, false);
        vertices.forEach(g::addVertex);
        for (Link l : links) {
            g.addEdge(l.srcDevice(), l.dstDevice(), l);
        }
        return new AsUnmodifiableGraph<>(g);
    }

    /** An empty network. */
    public static TopologySnapshot empty(Instant time) {
        return new TopologySnapshot(0, time, Map.of(), Set.of());
    }

    public long version() {
        return version;
    }

    public Instant time() {
        return time;
    }

    /** The graph: vertices are switches, edges are directed links. Unmodifiable. */
    public Graph<DeviceId, Link> graph() {
        return graph.get();
    }

    public Set<DeviceId> devices() {
        return devices;
    }

    public Set<Link> links() {
        return links;
    }

    /** The link leaving this port, if the port is infrastructure. */
    public Optional<Link> linkFrom(ConnectPoint src) {
        return Optional.ofNullable(linkFrom.get(src));
    }

    /** The link arriving at this port, if the port is infrastructure. */
    public Optional<Link> linkTo(ConnectPoint dst) {
        return Optional.ofNullable(linkTo.get(dst));
    }

    /**
     * True for ports with a link (either way), or cabled to another port of the same switch: never a
     * host's location, never flooded to.
     */
    public boolean isInfrastructure(ConnectPoint cp) {
        return infrastructure.contains(cp);
    }

    /** Enabled physical ports of the switch with no link: where hosts attach. */
    public Set<PortNumber> edgePorts(DeviceId device) {
        return edgePorts.get(device);
    }

    /** Every edge port of every switch. */
    public ImmutableSetMultimap<DeviceId, PortNumber> edgePorts() {
        return edgePorts;
    }

    /**
     * A value derived from this snapshot, computed once per key and kept with the snapshot
     * (path trees, broadcast trees). The computation must be a pure function of the snapshot.
     */
    @SuppressWarnings("unchecked")
    public <K, V> V cached(K key, Function<K, V> compute) {
        return (V) cache.computeIfAbsent(key, k -> compute.apply((K) k));
    }

    /**
     * Records that this snapshot replaces {@code previous}, for derived results that are cheaper
     * to update than to compute anew: the {@link Updatable} values that {@code previous} cached
     * (or inherited and never took) become this snapshot's to {@link #takeInherited take}, under
     * the same keys, and {@code previous} gives them up, so that at most one older generation is
     * held. Called by whoever publishes the snapshots, before publishing this one. What any
     * snapshot answers does not change.
     */
    public void replaces(TopologySnapshot previous) {
        checkNotNull(previous, "previous");
        if (previous == this) {
            return;
        }
        previous.cache.forEach((k, v) -> {
            if (v instanceof Updatable) {
                inherited.put(k, v);
            }
        });
        previous.inherited.forEach(inherited::putIfAbsent);
        previous.inherited.clear();
    }

    /**
     * The value a replaced snapshot cached under this key (see {@link #replaces}), removed from this
     * snapshot: a computation of the same key may start from it. Empty if there is none.
     */
    public Optional<Object> takeInherited(Object key) {
        return Optional.ofNullable(inherited.remove(checkNotNull(key, "key")));
    }

    /**
     * A cached value that the snapshot replacing this one may update rather than compute anew
     * (see {@link #replaces}). It must stay valid for this snapshot whatever is derived from it.
     */
    public interface Updatable {
    }

    @Override
    public String toString() {
        return "TopologySnapshot{v" + version + ", " + devices.size() + " devices, " + links.size() + " links}";
    }
}
