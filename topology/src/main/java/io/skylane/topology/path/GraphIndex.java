package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableMap;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * One snapshot seen through one weigher, indexed for the per-destination passes: switches by
 * position (dpid order), their outgoing links in port order as one array (CSR) and their incoming
 * ones likewise, each link's source and target position and weight; plus the JGraphT views the
 * other algorithms run on. Immutable once built; the lazily derived parts are computed once and
 * shared by all threads. Cached with the snapshot, one per weigher.
 */
final class GraphIndex {

    /** Relative tolerance when comparing sums of weights. */
    private static final double EPSILON = 1e-9;

    final TopologySnapshot snapshot;
    final boolean hopCount;
    /** The switches in dpid order; a switch's position is its index everywhere here. */
    final DeviceId[] devices;
    final Map<DeviceId, Integer> position;
    /** Links of switch {@code i} are {@code links[outStart[i] .. outStart[i + 1])}, in port order. */
    final int[] outStart;
    final Link[] links;
    final int[] source;
    final int[] target;
    final double[] weight;
    /** Links arriving at switch {@code i} are {@code inLinks[inStart[i] .. inStart[i + 1])}. */
    final int[] inStart;
    final int[] inLinks;
    /** The lightest link's weight: no path between two switches is shorter. */
    final double minWeight;
    /**
     * Next-hop bit sets ({@link NextHops}): the out-link at offset {@code o} of switch {@code i} is bit
     * {@code o % 64} of word {@code wordStart[i] + o / 64}; every switch has at least one word.
     */
    final int[] wordStart;
    /**
     * True when every sum of weights along a path is exact in double arithmetic (hop counts; weights
     * that are multiples of 1/1024 with short enough paths): distances are then the same bits
     * whatever the order of the search, which {@link NextHopUpdate} relies on.
     */
    final boolean exactSums;
    /** The snapshot's graph with this weigher's weights. */
    final Graph<DeviceId, Link> weighted;
    private final Supplier<double[]> backDistances = Suppliers.memoize(this::computeBackDistances);
    private final Supplier<DeviceGraph> deviceGraph = Suppliers.memoize(() -> DeviceGraph.of(this));

    GraphIndex(TopologySnapshot snapshot, LinkWeigher weigher) {
        this.snapshot = snapshot;
        this.hopCount = weigher == LinkWeigher.HOP_COUNT;
        Set<DeviceId> sorted = snapshot.devices();
        this.devices = sorted.toArray(new DeviceId[0]);
        ImmutableMap.Builder<DeviceId, Integer> pos = ImmutableMap.builderWithExpectedSize(devices.length);
        for (int i = 0; i < devices.length; i++) {
            pos.put(devices[i], i);
        }
        this.position = pos.buildOrThrow();
        // snapshot.links() is sorted by source connect point: grouped by switch, in port order
        this.links = snapshot.links().toArray(new Link[0]);
        this.outStart = new int[devices.length + 1];
        this.inStart = new int[devices.length + 1];
        this.source = new int[links.length];
        this.target = new int[links.length];
        this.weight = new double[links.length];
        Map<Link, Double> weights = hopCount ? null : new HashMap<>(links.length * 2);
        double min = Double.POSITIVE_INFINITY;
        for (int l = 0; l < links.length; l++) {
            source[l] = position.get(links[l].srcDevice());
            target[l] = position.get(links[l].dstDevice());
            outStart[source[l] + 1]++;
            inStart[target[l] + 1]++;
            double w = weigher.weight(links[l]);
            checkArgument(LinkWeighers.isValidWeight(w), "weight of %s must be positive and finite: %s", links[l], w);
            weight[l] = w;
            min = Math.min(min, w);
            if (weights != null) {
                weights.put(links[l], w);
            }
        }
        for (int i = 0; i < devices.length; i++) {
            outStart[i + 1] += outStart[i];
            inStart[i + 1] += inStart[i];
        }
        this.inLinks = new int[links.length];
        int[] fill = Arrays.copyOf(inStart, devices.length);
        for (int l = 0; l < links.length; l++) {
            inLinks[fill[target[l]]++] = l;
        }
        this.minWeight = min;
        this.wordStart = new int[devices.length + 1];
        for (int i = 0; i < devices.length; i++) {
            wordStart[i + 1] = wordStart[i] + Math.max(1, (outStart[i + 1] - outStart[i] + 63) >>> 6);
        }
        this.exactSums = hopCount || exactSums(weight, devices.length);
        this.weighted = hopCount ? snapshot.graph() : new AsWeightedGraph<>(snapshot.graph(), weights::get, false, false);
    }

    int size() {
        return devices.length;
    }

    /** The most next-hop words one switch has (at least one). */
    int maxWords() {
        int max = 1;
        for (int s = 0; s < devices.length; s++) {
            max = Math.max(max, wordStart[s + 1] - wordStart[s]);
        }
        return max;
    }

    /** The position of a switch, or -1 if it is not in the snapshot. */
    int positionOf(DeviceId device) {
        Integer p = position.get(device);
        return p == null ? -1 : p;
    }

    /**
     * The distance from every switch to {@code dst} (infinity where unreachable): breadth-first
     * for hop counts, Dijkstra otherwise, over the reversed links.
     */
    double[] distancesTo(int dst) {
        return hopCount ? Spf.hopsTo(this, dst) : Spf.weightedTo(this, dst);
    }

    /** For each link {@code S->N}, the distance from N back to S: what loop-free alternates need. */
    double[] backDistances() {
        return backDistances.get();
    }

    /** The simple graph for the algorithms that refuse parallel links (Yen, Suurballe). */
    DeviceGraph deviceGraph() {
        return deviceGraph.get();
    }

    /* Multiples of 2^-10 whose path sums stay below 2^43: every sum fits the 53-bit mantissa. */
    private static boolean exactSums(double[] weight, int switches) {
        double max = 0;
        for (double w : weight) {
            double scaled = w * 1024;
            if (scaled != Math.rint(scaled)) {
                return false;
            }
            max = Math.max(max, w);
        }
        return max * Math.max(1, switches) < 0x1p43;
    }

    static boolean sameCost(double a, double b) {
        return Math.abs(a - b) <= EPSILON * Math.max(1.0, Math.abs(b));
    }

    static boolean lessCost(double a, double b) {
        return a < b - EPSILON * Math.max(1.0, Math.abs(b));
    }

    /*
     * dist(N, S) for a link S->N is at most the lightest link N->S. When that is the lightest link
     * of the graph, it is exact (hop counts: always). Otherwise a Dijkstra from N bounded by that
     * radius finds it, and a missing N->S (a one-way link) needs an unbounded one. Each search
     * answers every link arriving at N.
     */
    private double[] computeBackDistances() {
        int n = devices.length;
        double[] back = new double[links.length];
        Arrays.fill(back, Double.POSITIVE_INFINITY);
        Spf.Bounded search = new Spf.Bounded(this);
        for (int node = 0; node < n; node++) {
            double radius = 0;
            boolean exact = true;
            for (int i = inStart[node]; i < inStart[node + 1]; i++) {
                int l = inLinks[i];
                double bound = lightest(node, source[l]);
                back[l] = bound;
                radius = Math.max(radius, bound);
                exact &= bound == minWeight;
            }
            if (exact) {
                continue;
            }
            search.run(node, radius);
            for (int i = inStart[node]; i < inStart[node + 1]; i++) {
                back[inLinks[i]] = search.distance(source[inLinks[i]]);
            }
        }
        return back;
    }

    private double lightest(int from, int to) {
        double w = Double.POSITIVE_INFINITY;
        for (int l = outStart[from]; l < outStart[from + 1]; l++) {
            if (target[l] == to) {
                w = Math.min(w, weight[l]);
            }
        }
        return w;
    }

    /**
     * The snapshot as a simple directed graph: one edge per ordered pair of switches, standing for
     * the lightest link between them (lowest port on a tie). Edges are plain objects so that
     * JGraphT's disjoint-path algorithms can add their residual edges to their working copies.
     */
    static final class DeviceGraph {
        final Graph<DeviceId, Edge> graph;

        private DeviceGraph(Graph<DeviceId, Edge> graph) {
            this.graph = graph;
        }

        static DeviceGraph of(GraphIndex index) {
            SimpleDirectedWeightedGraph<DeviceId, Edge> g = new SimpleDirectedWeightedGraph<>(null, () -> new Edge(null));
            for (DeviceId d : index.devices) {
                g.addVertex(d);
            }
            for (int s = 0; s < index.devices.length; s++) {
                for (int l = index.outStart[s]; l < index.outStart[s + 1]; l++) {
                    DeviceId from = index.devices[s];
                    DeviceId to = index.devices[index.target[l]];
                    Edge e = g.getEdge(from, to);
                    if (e == null) {
                        e = new Edge(index.links[l]);
                        g.addEdge(from, to, e);
                        g.setEdgeWeight(e, index.weight[l]);
                    } else if (index.weight[l] < g.getEdgeWeight(e)) {
                        g.removeEdge(e);
                        e = new Edge(index.links[l]);
                        g.addEdge(from, to, e);
                        g.setEdgeWeight(e, index.weight[l]);
                    }
                }
            }
            return new DeviceGraph(g);
        }
    }

    /** An edge of the device graph: the link it stands for, none for an algorithm's own edges. */
    static final class Edge {
        final Link link;

        Edge(Link link) {
            this.link = link;
        }

        @Override
        public String toString() {
            return String.valueOf(link);
        }
    }
}
